import { commandLoaders } from "./registry";
import { CliUsageError, type CliIO } from "./types";

const io: CliIO = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.env.INIT_CWD ?? process.cwd(),
};

async function printHelp(): Promise<void> {
  io.stdout("Kakehashi CLI — npm run --silent cli -- <command> [options]\n\nCommands:\n");
  const names = Object.keys(commandLoaders).sort();
  const width = Math.max(...names.map((n) => n.length), 4);
  io.stdout(`  ${"help".padEnd(width)}  list commands\n`);
  for (const name of names) {
    const command = (await commandLoaders[name]!()).default;
    io.stdout(`  ${name.padEnd(width)}  ${command.summary}\n`);
  }
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === "help" || name === "--help" || name === "-h") {
    await printHelp();
    return 0;
  }
  const load = commandLoaders[name];
  if (!load) {
    io.stderr(`Unknown command: ${name}\nRun "help" to list commands.\n`);
    return 2;
  }
  const command = (await load()).default;
  if (args.includes("--help")) {
    io.stdout(`${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(args, io);
  } catch (error) {
    if (error instanceof CliUsageError) {
      io.stderr(`${error.message}\nUsage: ${command.usage}\n`);
      return 2;
    }
    io.stderr(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    // Commands may leave pools open (database, queue); flush and leave.
    setImmediate(() => process.exit(code));
  },
  (error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exit(1);
  },
);
