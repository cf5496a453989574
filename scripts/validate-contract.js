// Validates the committed contract: OpenAPI 3.1 with swagger-parser (schema and $refs), then the
// operationId and response rules a generated client relies on; AsyncAPI with the official parser.
const { Parser, DiagnosticSeverity } = require('@asyncapi/parser');
const SwaggerParser = require('@apidevtools/swagger-parser');
const { readFileSync } = require('node:fs');

async function main() {
  const file = 'contract/openapi.json';
  await SwaggerParser.validate(JSON.parse(readFileSync(file, 'utf8')));
  const document = JSON.parse(readFileSync(file, 'utf8'));
  const problems = [];
  const ids = new Set();
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      const where = `${method.toUpperCase()} ${path}`;
      if (!operation.operationId) problems.push(`${where}: no operationId`);
      else if (!/^[a-z][A-Za-z]+$/.test(operation.operationId))
        problems.push(`${where}: operationId ${operation.operationId} is not camelCase`);
      else if (ids.has(operation.operationId))
        problems.push(`${where}: duplicate operationId ${operation.operationId}`);
      ids.add(operation.operationId);
      if (!operation.tags || operation.tags.length === 0) problems.push(`${where}: no tag`);
      if (!operation.summary) problems.push(`${where}: no summary`);
      const success = Object.keys(operation.responses).filter((status) => status.startsWith('2'));
      if (success.length === 0) problems.push(`${where}: no 2xx response`);
    }
  }
  if (problems.length > 0) {
    console.error(problems.join('\n'));
    process.exit(1);
  }
  console.log(`${file}: valid OpenAPI ${document.openapi}, ${ids.size} operations`);
  await validateAsyncApi('contract/asyncapi.json');
}

/** Fails on any error diagnostic (a dangling $ref among them); warnings are printed only. */
async function validateAsyncApi(file) {
  const { document, diagnostics } = await new Parser().parse(readFileSync(file, 'utf8'));
  const errors = diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error);
  for (const d of diagnostics) {
    const level = d.severity === DiagnosticSeverity.Error ? 'error' : 'warning';
    console.error(`${file}: ${level} ${d.code} at ${d.path.join('.')}: ${d.message}`);
  }
  if (errors.length > 0 || document === undefined) {
    console.error(`${file}: ${errors.length} AsyncAPI error(s)`);
    process.exit(1);
  }
  const operations = document.operations().length;
  console.log(`${file}: valid AsyncAPI ${document.version()}, ${operations} operations`);
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
