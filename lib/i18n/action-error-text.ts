/**
 * What to show for a failed server action. `authedAction` words its generic refusals (signed out, no permission,
 * invalid input) in both languages at once; those are shown from `errors.<kind>` of the screen's namespace instead.
 * An action's own failure message is already in the reader's language and is shown as it is.
 */
export type ActionFailure = { error: "unauthenticated" | "forbidden" | "invalid" | "failed"; message: string };

export function actionErrorText(failure: ActionFailure, t: (key: string) => string): string {
  return failure.error === "failed" ? failure.message : t(`errors.${failure.error}`);
}
