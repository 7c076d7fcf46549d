import type { CliCommand } from "../types";

// Placeholder: replaced by the issue that owns this command.
const command: CliCommand = {
  name: "sync",
  summary: "(not built yet)",
  usage: "sync",
  run: async (_args, io) => {
    io.stderr("sync is not built yet\n");
    return 1;
  },
};

export default command;
