import { Badge } from '@/components/ui/badge';
import { phaseLabel, STATUS_TONE, isActive, type TaskStatus } from './run-format';

export interface TaskLike {
  task_id: string;
  status: TaskStatus;
  phase: string | null;
  progress: number;
  turn_index: number;
  error: { code: string; message: string } | null;
}

/** A task's status: a labelled progress bar with its phase while it runs, else its final state. */
export function TaskProgress({ task, label }: { task: TaskLike; label?: string }) {
  if (isActive(task.status)) {
    return (
      <div className="task-progress" data-testid="task-progress" data-status={task.status}>
        <div className="row-between task-progress-head">
          <span>
            <Badge tone={STATUS_TONE[task.status]}>{task.status}</Badge>{' '}
            <span className="subtle">
              {phaseLabel(task.phase)}
              {task.turn_index > 0 ? ` · turn ${task.turn_index}` : ''}
            </span>
          </span>
          <span className="subtle">{task.progress}%</span>
        </div>
        <progress
          className="progress"
          max={100}
          value={task.progress}
          aria-label={label ?? `Progress of ${task.task_id}`}
        >
          {task.progress}%
        </progress>
      </div>
    );
  }
  return (
    <span className="task-final" data-testid="task-status" data-status={task.status}>
      <Badge tone={STATUS_TONE[task.status]}>{task.status}</Badge>
      {task.error ? <span className="task-error"> {task.error.message}</span> : null}
    </span>
  );
}
