import type { CliCommand } from "../types";

// Placeholder: replaced by the issue that owns this command.
const command: CliCommand = {
  name: "invoice:preview",
  summary: "(not built yet)",
  usage: "invoice:preview",
  run: async (_args, io) => {
    io.stderr("invoice:preview is not built yet\n");
    return 1;
  },
};

export default command;
