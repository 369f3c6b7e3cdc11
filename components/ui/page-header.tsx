import type { ReactNode } from 'react';

/** A page's title row: the h1 with an optional lead paragraph, and optional actions on the right. */
export function PageHeader({
  title,
  description,
  actions,
  className,
  descriptionClassName,
}: {
  title: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  /** Class of the block holding the title and the description. */
  className?: string;
  descriptionClassName?: string;
}) {
  return (
    <div className="page-header">
      <div className={className}>
        <h1>{title}</h1>
        {description ? <p className={descriptionClassName}>{description}</p> : null}
      </div>
      {actions}
    </div>
  );
}
