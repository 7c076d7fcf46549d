// Runs once when the Next server starts: apply migrations and create the first admin if there is none.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { prepareApp } = await import("./lib/startup");
  await prepareApp();
}
