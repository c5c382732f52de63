// Guards and actions are typed with the host events; the actor events they run on carry these.

/** The answer of the actor whose completion is being handled. */
export const outputOf = <T>(event: object): T => (event as { output?: unknown }).output as T;

/** The error of the actor whose failure is being handled. */
export const errorOf = (event: object): unknown => (event as { error?: unknown }).error;
