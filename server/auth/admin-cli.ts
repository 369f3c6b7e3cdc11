// `npm run admin -- <command>`: administration from the command line for self-hosters.
//   create-key   [--org <org_id> | --org-name <name>] [--name <key name>] [--role owner|admin|member] [--scope workspace|personal]
//   create-user  --email <email> --password <password> [--name <name>]
//   list-orgs
//   grant-credits --org <org_id> --amount <n> [--note <text>]
// With the embedded database, stop the server first (PGlite allows one process per data folder).
import { parseArgs } from 'node:util';
import { getDbHandle } from '../db/client';
import { env } from '../env';
import { appendLedgerEntry, balanceOf } from '../credits/ledger';
import { createOrganization } from './create-organization';
import { mintApiKey } from './mint-api-key';
import { registerUser } from './register-user';
import { roleSchema, keyScopeSchema } from './schemas';

const USAGE = `usage: npm run admin -- <command> [options]
  create-key    [--org <org_id> | --org-name <name>] [--name <key name>] [--role owner|admin|member] [--scope workspace|personal]
                Mints an API key (creating a workspace named --org-name when --org is not given) and prints it once.
  create-user   --email <email> --password <password> [--name <name>]
  list-orgs
  grant-credits --org <org_id> --amount <n> [--note <text>]`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      org: { type: 'string' },
      'org-name': { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      scope: { type: 'string' },
      email: { type: 'string' },
      password: { type: 'string' },
      amount: { type: 'string' },
      note: { type: 'string' },
      json: { type: 'boolean' },
    },
    strict: true,
  });
  if (!command || command === 'help' || command === '--help') {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  env();
  const handle = await getDbHandle();
  const db = handle.prisma;
  try {
    switch (command) {
      case 'create-key': {
        const role = roleSchema.parse(values.role ?? 'owner');
        const scope = keyScopeSchema.parse(values.scope ?? 'workspace');
        let orgId = values.org;
        if (orgId) {
          if (!(await db.organization.findUnique({ where: { id: orgId } }))) throw new Error(`no organization ${orgId}`);
        } else {
          const org = await db.$transaction((tx) =>
            createOrganization(tx, { name: values['org-name'] ?? 'Default workspace', kind: 'workspace', ownerId: null }),
          );
          orgId = org.id;
        }
        const key = await mintApiKey(db, { orgId, userId: null, role, scope, keyId: null }, { name: values.name ?? 'Admin CLI key' });
        if (values.json) console.log(JSON.stringify(key));
        else {
          console.log(`organization: ${orgId}`);
          console.log(`key id:       ${key.id} (${key.role}, ${key.scope})`);
          console.log(`API key:      ${key.key}`);
          console.log('The key is shown once: store it now.');
        }
        return 0;
      }
      case 'create-user': {
        if (!values.email || !values.password) throw new Error('--email and --password are required');
        const { user, personalOrg } = await registerUser(db, { email: values.email, password: values.password, name: values.name });
        console.log(`user ${user.id} <${user.email}>, personal org ${personalOrg.id}`);
        return 0;
      }
      case 'list-orgs': {
        const orgs = await db.organization.findMany({ orderBy: { id: 'asc' }, include: { _count: { select: { apiKeys: true, memberships: true } } } });
        for (const o of orgs) {
          console.log(`${o.id}  ${o.kind.padEnd(9)}  ${String(await balanceOf(db, o.id)).padStart(8)} credits  ${o._count.memberships} members  ${o._count.apiKeys} keys  ${o.name}`);
        }
        if (!orgs.length) console.log('no organizations yet');
        return 0;
      }
      case 'grant-credits': {
        const amount = Number(values.amount);
        if (!values.org || !Number.isInteger(amount)) throw new Error('--org and an integer --amount are required');
        const orgId = values.org;
        const e = await db.$transaction((tx) =>
          appendLedgerEntry(tx, { orgId, delta: amount, reason: amount >= 0 ? 'grant' : 'adjustment', note: values.note ?? 'admin CLI' }),
        );
        console.log(`balance of ${orgId}: ${e.balanceAfter}`);
        return 0;
      }
      default:
        console.error(`unknown command: ${command}\n${USAGE}`);
        return 2;
    }
  } finally {
    await handle.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(`error: ${err.message}`);
    process.exit(1);
  },
);
