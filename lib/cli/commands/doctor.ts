import type { CliCommand } from "../types";

// Placeholder: replaced by the issue that owns this command.
const command: CliCommand = {
  name: "doctor",
  summary: "(not built yet)",
  usage: "doctor",
  run: async (_args, io) => {
    io.stderr("doctor is not built yet\n");
    return 1;
  },
};

export default command;
