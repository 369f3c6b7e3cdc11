import type { ReactNode } from 'react';
import { cx } from './cx';

export type Column = string | { label: string; className?: string };

/**
 * A table with a screen-reader caption and a header row (`columns`, then an unlabelled actions
 * column when `actions` is set); the rows are the children. Wrapped in a horizontal scroller
 * (`table-wrap`, followed by `footer`) unless `wrap` is false.
 */
export function DataTable({
  className,
  caption,
  columns,
  actions = false,
  wrap = true,
  footer,
  children,
}: {
  className?: string;
  caption: ReactNode;
  columns: Column[];
  actions?: boolean;
  wrap?: boolean;
  footer?: ReactNode;
  children: ReactNode;
}) {
  const table = (
    <table className={cx('table', className)}>
      <caption className="sr-only">{caption}</caption>
      <thead>
        <tr>
          {columns.map((c) =>
            typeof c === 'string' ? (
              <th key={c} scope="col">
                {c}
              </th>
            ) : (
              <th key={c.label} scope="col" className={c.className}>
                {c.label}
              </th>
            ),
          )}
          {actions ? (
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          ) : null}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
  if (!wrap) return table;
  return (
    <div className="table-wrap">
      {table}
      {footer}
    </div>
  );
}
