import type { CliCommand } from "../types";

// Placeholder: replaced by the issue that owns this command.
const command: CliCommand = {
  name: "names:match",
  summary: "(not built yet)",
  usage: "names:match",
  run: async (_args, io) => {
    io.stderr("names:match is not built yet\n");
    return 1;
  },
};

export default command;
