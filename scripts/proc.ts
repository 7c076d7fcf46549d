import { spawn, type ChildProcess } from "node:child_process";

/** Child processes of the launchers, with prefixed output and clean shutdown. */
export type Child = { name: string; process: ChildProcess; exited: Promise<number | null> };

export function startChild(name: string, command: string, args: string[], env: NodeJS.ProcessEnv, options: { quiet?: boolean } = {}): Child {
  const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"], detached: false });
  const prefix = (stream: NodeJS.ReadableStream, out: NodeJS.WriteStream) => {
    let buffer = "";
    stream.on("data", (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split("\n");
      buffer = lines.pop() ?? "";
      if (!options.quiet) for (const line of lines) out.write(`[${name}] ${line}\n`);
    });
  };
  prefix(child.stdout!, process.stdout);
  prefix(child.stderr!, process.stderr);
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { name, process: child, exited };
}

export async function stopChildren(children: Child[]): Promise<void> {
  for (const child of children) if (child.process.exitCode === null) child.process.kill("SIGTERM");
  await Promise.race([Promise.all(children.map((c) => c.exited)), new Promise((r) => setTimeout(r, 10_000))]);
  for (const child of children) if (child.process.exitCode === null) child.process.kill("SIGKILL");
}

export async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.status < 500) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${url} did not come up within ${timeoutMs} ms`);
}
