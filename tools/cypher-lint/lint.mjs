// Lint Cypher with Neo4j's own language tooling (@neo4j-cypher/language-support), offline.
// stdin: {"schema": {labels, relationshipTypes, propertyKeys}, "queries": [{"name", "query", "parameters"}]}
// stdout: [{"name", "diagnostics": [{"severity", "message", "line", "column"}]}]
// Severity 1 is an error (not valid Cypher), 2 a warning (e.g. a label the schema does not know).
import { lintCypherQuery } from '@neo4j-cypher/language-support';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const input = JSON.parse(Buffer.concat(chunks).toString('utf8'));
const schema = input.schema ?? {};
const out = input.queries.map(({ name, query, parameters }) => {
  const { diagnostics } = lintCypherQuery(query, { ...schema, parameters: parameters ?? {} });
  return {
    name,
    diagnostics: diagnostics.map((d) => ({
      severity: d.severity,
      message: d.message,
      line: d.range.start.line + 1,
      column: d.range.start.character + 1,
    })),
  };
});
process.stdout.write(JSON.stringify(out));
