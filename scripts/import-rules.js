/**
 * The import rules of src/, as eslint configuration (docs/ARCHITECTURE.md explains them).
 * Data flows hubspot/ → stages/ → store/: each room names the rooms it may import; `pg` and
 * `kysely`, and SQL text, stay in store/; the sandbox is reached only by its command, the demo,
 * tests and benchmarks.
 *
 * `no-restricted-imports` matches the import text, not the resolved file, so a rule is written
 * for each depth of file below src/ (`../` once from src/hubspot/x.ts, twice from
 * src/stages/poll/x.ts), and each file gets exactly one block: flat config replaces a rule set
 * twice instead of merging it.
 */
const ROOMS = [
  'cli',
  'config',
  'daemon',
  'demo',
  'hubspot',
  'sandbox',
  'schema',
  'stages',
  'store',
  'values',
];

/** Room → the other rooms it may import. values/ is the leaf every room but the sandbox shares. */
const MAY_IMPORT = {
  values: [],
  // Settings are validated with the identifier rules (a schema name must fit its channel name).
  config: ['schema', 'values'],
  hubspot: ['config', 'values'],
  schema: ['values'],
  store: ['schema', 'config', 'values'],
  stages: ['hubspot', 'schema', 'store', 'config', 'values'],
  daemon: ['stages', 'hubspot', 'schema', 'store', 'config', 'values'],
  demo: ['sandbox', 'daemon', 'stages', 'hubspot', 'schema', 'store', 'config', 'values'],
  cli: ['demo', 'daemon', 'stages', 'hubspot', 'schema', 'store', 'config', 'values'],
  sandbox: [],
};

/** Files that may import the sandbox besides the demo: the command that serves it. */
const SANDBOX_USERS = ['src/cli/commands/sandbox.ts', 'src/cli/commands/demo.ts'];

const MAX_DEPTH = 5;

const DATABASE_DRIVERS = {
  paths: [
    { name: 'pg', message: 'Only src/store/ talks to Postgres: call a store function.' },
    { name: 'kysely', message: 'Only src/store/ builds SQL: call a store function.' },
  ],
  patterns: [{ group: ['kysely/*', 'pg-*'], message: 'Only src/store/ talks to Postgres.' }],
};

// Statements as text outside the store: what a query builder would be asked to run.
const SQL_TEXT =
  '/^\\s*(select\\s.+\\sfrom\\s|insert\\s+into\\s|update\\s+\\S+\\s+set\\s|delete\\s+from\\s|(create|alter|drop)\\s+(table|index|schema|trigger|function)\\s)/i';
const NO_SQL_TEXT = [
  { selector: `Literal[value=${SQL_TEXT}]`, message: 'SQL lives in src/store/.' },
  { selector: `TemplateElement[value.raw=${SQL_TEXT}]`, message: 'SQL lives in src/store/.' },
];

function forbiddenRooms(room, file) {
  const allowed = new Set([room, ...MAY_IMPORT[room]]);
  if (room === 'cli' && SANDBOX_USERS.includes(file)) allowed.add('sandbox');
  return ROOMS.filter((r) => !allowed.has(r));
}

const roomsPattern = (depth, forbidden) => `^${'\\.\\./'.repeat(depth)}(${forbidden.join('|')})/`;

const ruleMessage = (room) =>
  `src/${room}/ may import only ${MAY_IMPORT[room].map((r) => `${r}/`).join(', ') || 'its own files'} (docs/ARCHITECTURE.md).`;

/** `import()` is not seen by no-restricted-imports: the same rule as syntax, beside the SQL one. */
function restrictSyntax(room, depth, forbidden) {
  const dynamic = forbidden.length
    ? [
        {
          selector: `ImportExpression[source.value=/${roomsPattern(depth, forbidden).replaceAll('/', '\\/')}/]`,
          message: ruleMessage(room),
        },
      ]
    : [];
  const sqlText = room === 'store' ? [] : NO_SQL_TEXT;
  return ['error', ...sqlText, ...dynamic];
}

function restrictImports(room, depth, forbidden) {
  const drivers = room === 'store' ? { paths: [], patterns: [] } : DATABASE_DRIVERS;
  return [
    'error',
    {
      paths: drivers.paths,
      patterns: [
        ...drivers.patterns,
        ...(forbidden.length
          ? [
              {
                regex: roomsPattern(depth, forbidden),
                message: ruleMessage(room),
              },
            ]
          : []),
      ],
    },
  ];
}

function blocksFor(room) {
  const blocks = [];
  for (let depth = 1; depth <= MAX_DEPTH; depth++) {
    const files = [`src/${room}/${'*/'.repeat(depth - 1)}*.ts`];
    const special =
      room === 'cli' ? SANDBOX_USERS.filter((f) => f.split('/').length === depth + 2) : [];
    blocks.push({
      files,
      ignores: special,
      rules: {
        'no-restricted-imports': restrictImports(room, depth, forbiddenRooms(room, '')),
        'no-restricted-syntax': restrictSyntax(room, depth, forbiddenRooms(room, '')),
      },
    });
    for (const file of special) {
      blocks.push({
        files: [file],
        rules: {
          'no-restricted-imports': restrictImports(room, depth, forbiddenRooms(room, file)),
        },
      });
    }
  }
  return blocks;
}

export const importRules = ROOMS.flatMap(blocksFor);
