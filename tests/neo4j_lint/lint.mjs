// Lint Cypher with Neo4j's own parser and semantic analysis (@neo4j-cypher/language-support).
//
// stdin:  [{"id": "...", "query": "...", "parameters": ["p1", ...] | null}]
//         parameters: the names the caller will send; every other $param is an error.
//         null or missing: parameters are not checked.
// stdout: [{"id": "...", "parameters": [names the parser found],
//           "diagnostics": [{"severity": 1|2, "message": "...", "line": n, "col": n,
//                            "source": "language-support" | "schema.json" | "lint.mjs"}]}]
//         severity 1 = error, 2 = warning; line and col count from 1, within "query".
// exit:   0 when every query was linted (diagnostics or not), 2 on bad input or a broken install.
//
// The database schema handed to the linter:
//   functions   Neo4j's built-in functions, Cypher 5, from the dump of a real server that the
//               package ships (testData.mockSchema); plugin functions (apoc., gds.) are dropped
//               because our neo4j:5 image installs no plugins.
//   procedures  the same dump's built-in procedures (db., dbms., tx., cdc.).
//   labels, relationshipTypes  from schema.json beside this file.
// lintCypherQuery only warns about unknown labels/types in MATCH-like positions; this script also
// warns about those in CREATE, MERGE, SET, REMOVE and schema commands, where a typo would
// silently create a new label.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

// The package's ESM build does not load under Node (extensionless imports); its CJS bundle does.
const require = createRequire(import.meta.url);
const ls = require('@neo4j-cypher/language-support');

const CYPHER = 'CYPHER 5';
const PLUGIN = /^(apoc|gds)\./;

function loadSchema() {
  const mock = ls.testData?.mockSchema;
  const allFunctions = mock?.functions?.[CYPHER];
  const allProcedures = mock?.procedures?.[CYPHER];
  if (!allFunctions || !allProcedures) {
    throw new Error('this @neo4j-cypher/language-support has no testData.mockSchema function list');
  }
  const functions = Object.fromEntries(
    Object.entries(allFunctions).filter(([, f]) => f.isBuiltIn),
  );
  const procedures = Object.fromEntries(
    Object.entries(allProcedures).filter(([name]) => !PLUGIN.test(name)),
  );
  for (const name of ['count', 'collect', 'coalesce', 'elementId', 'toLower', 'size']) {
    if (!functions[name]) throw new Error(`built-in function list lacks ${name}()`);
  }
  const ours = JSON.parse(readFileSync(new URL('./schema.json', import.meta.url), 'utf8'));
  return {
    functions: { [CYPHER]: functions },
    procedures: { [CYPHER]: procedures },
    labels: ours.labels ?? [],
    relationshipTypes: ours.relationshipTypes ?? [],
    defaultLanguage: CYPHER,
    parameters: {},
  };
}

const unquote = (name) => name.replace(/^`|`$/g, '');

// Label and relationship-type names the package's own check passes over, as
// [kind, name, line (1-based), column (0-based)].
function namesOutsideReads(statement) {
  const found = [];
  for (const l of statement.collectedLabelOrRelTypes) {
    if (l.couldCreateNewLabel) found.push([l.labelType, l.labelText, l.line, l.column]);
  }
  const walk = (ctx) => {
    if (ctx instanceof ls.LabelTypeContext || ctx instanceof ls.RelTypeContext) {
      const name = ctx.symbolicNameString?.();
      const kind = ctx instanceof ls.LabelTypeContext ? 'Label' : 'Relationship type';
      if (name) found.push([kind, name.getText(), name.start.line, name.start.column]);
    } else if (
      ctx instanceof ls.FulltextNodePatternContext ||
      ctx instanceof ls.FulltextRelPatternContext
    ) {
      const kind = ctx instanceof ls.FulltextNodePatternContext ? 'Label' : 'Relationship type';
      for (const child of ctx.children ?? []) {
        if (child instanceof ls.SymbolicNameStringContext) {
          found.push([kind, child.getText(), child.start.line, child.start.column]);
        }
      }
    }
    for (const child of ctx.children ?? []) {
      if (child.children !== undefined || child.ruleIndex !== undefined) walk(child);
    }
  };
  walk(statement.ctx);
  return found;
}

function lintOne(query, parameters, schema) {
  const parsing = ls.parserWrapper.parse(query, false).statementsParsing;
  const found = [...new Set(parsing.flatMap((s) => s.collectedParameters.map((p) => unquote(p.name))))];
  const declared = parameters ?? found;
  const dbSchema = { ...schema, parameters: Object.fromEntries(declared.map((p) => [p, null])) };

  const diagnostics = ls.lintCypherQuery(query, dbSchema).map((d) => ({
    severity: d.severity,
    message: d.message,
    line: d.range.start.line + 1,
    col: d.range.start.character + 1,
    source: 'language-support',
  }));

  const known = { Label: new Set(schema.labels), 'Relationship type': new Set(schema.relationshipTypes) };
  for (const statement of parsing) {
    if (statement.cypherVersion && statement.cypherVersion !== CYPHER) {
      diagnostics.push({
        severity: 1,
        message: `Neo4j 5 runs ${CYPHER}; this statement asks for ${statement.cypherVersion}`,
        line: statement.command?.start?.line ?? 1,
        col: (statement.command?.start?.column ?? 0) + 1,
        source: 'lint.mjs',
      });
    }
    if (statement.syntaxErrors.length > 0) continue;
    for (const [kind, raw, line, column] of namesOutsideReads(statement)) {
      const name = unquote(raw);
      if (known[kind].has(name)) continue;
      diagnostics.push({
        severity: 2,
        message:
          `${kind} ${raw} is not present in the database (tests/neo4j_lint/schema.json); ` +
          'this statement would create or reference it. Fix the spelling or add it to schema.json',
        line,
        col: column + 1,
        source: 'schema.json',
      });
    }
  }
  diagnostics.sort((a, b) => a.line - b.line || a.col - b.col || (a.message > b.message ? 1 : -1));
  return { parameters: found, diagnostics };
}

function main() {
  let items;
  let schema;
  try {
    items = JSON.parse(readFileSync(0, 'utf8'));
    if (!Array.isArray(items)) throw new Error('expected a JSON array of {id, query, parameters}');
    schema = loadSchema();
  } catch (e) {
    process.stderr.write(`lint.mjs: ${e.message}\n`);
    process.exit(2);
  }
  const out = items.map(({ id, query, parameters }) => {
    try {
      return { id, ...lintOne(String(query), parameters ?? null, schema) };
    } catch (e) {
      return {
        id,
        parameters: [],
        diagnostics: [{ severity: 1, message: `linter crashed: ${e.stack ?? e}`, line: 1, col: 1, source: 'lint.mjs' }],
      };
    }
  });
  process.stdout.write(JSON.stringify(out) + '\n');
}

main();
