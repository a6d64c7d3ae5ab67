// Validate a batch of documents with the bundled schemas under ajv (draft 2020-12).
//
// Reads one JSON object on stdin:
//   {"bundles": {"<key>": "<path of a bundle file>"},
//    "jobs": [{"id": "...", "bundle": "<key>", "pointer": "" | "#/$defs/Strict", "document": ...}]}
// and prints {"ajv": "<version>", "results": [{"id", "valid", "errors": [...]}]}, in job order.
// One process per batch: compiling a bundle costs far more than validating a document.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const require = createRequire(import.meta.url);
const ajvVersion = require("ajv/package.json").version;

// One Ajv instance per bundle: each bundle is checked on its own, so a resource embedded
// in one bundle (same $id in several) can never stand in for another bundle's copy.
const instances = new Map();
const validators = new Map();

function validatorFor(bundles, key, pointer) {
  const cacheKey = `${key}\u0000${pointer}`;
  let validate = validators.get(cacheKey);
  if (validate) return validate;
  let entry = instances.get(key);
  if (!entry) {
    const schema = JSON.parse(readFileSync(bundles[key], "utf8"));
    // allErrors: report everything, as the Python validator does. Our annotations are
    // declared as keywords so strict mode still rejects any other unknown keyword.
    const ajv = new Ajv2020({ allErrors: true, strictTypes: false, strictTuples: false });
    ajv.addVocabulary(["x-rule", "x-message", "x-python"]);
    addFormats(ajv);
    ajv.addSchema(schema);
    entry = { ajv, id: schema.$id };
    instances.set(key, entry);
  }
  validate = entry.ajv.getSchema(entry.id + (pointer || ""));
  if (!validate) throw new Error(`${key}: no schema at ${entry.id}${pointer}`);
  validators.set(cacheKey, validate);
  return validate;
}

const input = JSON.parse(readFileSync(0, "utf8"));
const results = input.jobs.map((job) => {
  const validate = validatorFor(input.bundles, job.bundle, job.pointer);
  const valid = validate(job.document);
  const errors = valid
    ? []
    : validate.errors.slice(0, 5).map((e) => `${e.instancePath || "/"} ${e.schemaPath} ${e.message}`);
  return { id: job.id, valid, errors };
});
process.stdout.write(JSON.stringify({ ajv: ajvVersion, results }) + "\n");
