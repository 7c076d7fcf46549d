import type { CliCommand } from "../types";

// Placeholder: replaced by the issue that owns this command.
const command: CliCommand = {
  name: "registration-number:check",
  summary: "(not built yet)",
  usage: "registration-number:check",
  run: async (_args, io) => {
    io.stderr("registration-number:check is not built yet\n");
    return 1;
  },
};

export default command;
