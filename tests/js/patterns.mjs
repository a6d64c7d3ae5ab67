// Match strings against JSON Schema "pattern"s the way ajv does (draft 2020-12 build).
//
// Reads {"patterns": [...], "strings": [...]} on stdin and prints
// {"results": [[true|false, ...] per pattern]}: the ECMAScript side of the regex
// dialect check in tests/test_bundles.py.
import { readFileSync } from "node:fs";
import Ajv2020 from "ajv/dist/2020.js";

const input = JSON.parse(readFileSync(0, "utf8"));
const ajv = new Ajv2020();
const results = input.patterns.map((pattern) => {
  const validate = ajv.compile({ type: "string", pattern });
  return input.strings.map((s) => validate(s));
});
process.stdout.write(JSON.stringify({ results }) + "\n");
