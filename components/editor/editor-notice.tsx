import styles from './editor.module.css';

/** A full-page message inside the editor iframe (expired or invalid link, nothing to edit). */
export function EditorNotice({ title, body }: { title: string; body: string }) {
  return (
    <main className={styles.notice}>
      <div role="alert" className={styles.noticeCard}>
        <h1>{title}</h1>
        <p>{body}</p>
      </div>
    </main>
  );
}
