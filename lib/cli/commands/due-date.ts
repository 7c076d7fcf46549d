import type { CliCommand } from "../types";

// Placeholder: replaced by the issue that owns this command.
const command: CliCommand = {
  name: "due-date",
  summary: "(not built yet)",
  usage: "due-date",
  run: async (_args, io) => {
    io.stderr("due-date is not built yet\n");
    return 1;
  },
};

export default command;
