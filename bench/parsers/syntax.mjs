// The real parsers of JavaScript (acorn) and TypeScript (the TypeScript compiler's own
// parser), for `make quality`: reads "language<TAB>path" lines, prints "ok" or "error" each.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const require = createRequire(join(process.argv[2], "noop.js"));
const acorn = require("acorn");
const ts = require("typescript");

function javascript(text) {
  const options = { ecmaVersion: "latest", allowHashBang: true, allowReturnOutsideFunction: true };
  for (const sourceType of ["module", "script"]) {
    try {
      acorn.parse(text, { ...options, sourceType });
      return true;
    } catch {
      // a CommonJS file is not a module: try it as a script
    }
  }
  return false;
}

function typescript(text, path) {
  const kind = path.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const file = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, false, kind);
  return file.parseDiagnostics.length === 0;
}

const lines = readFileSync(0, "utf8").split("\n").filter(Boolean);
const answers = lines.map((line) => {
  const [language, path] = line.split("\t");
  const text = readFileSync(path, "utf8");
  const ok = language === "javascript" ? javascript(text) : typescript(text, path);
  return ok ? "ok" : "error";
});
process.stdout.write(answers.join("\n") + "\n");
