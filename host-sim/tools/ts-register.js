// Lets Node run the TypeScript sources directly: registers ts-node's ESM loader (transpile only; `tsc -b`
// is the type gate) with the repository's root tsconfig, wherever the command is started from.
import { register } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = new URL("../../", import.meta.url);
process.env.TS_NODE_PROJECT ??= fileURLToPath(new URL("tsconfig.json", root));
register("ts-node/esm", pathToFileURL(fileURLToPath(root)));
