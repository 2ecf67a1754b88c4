/**
 * `npm run staff:add -- --username anna.schmidt --name "Anna Schmidt" [--role staff|editor|admin] [--password-stdin]`
 *
 * Creates (or replaces) a staff account for the console at /staff. It reads the same
 * configuration as the server (`loadConfig`: DATA_DIR, default ./data; STAFF_FILE, default
 * $DATA_DIR/staff.json) and says which file it writes before asking anything. The password is
 * asked twice without echo — a too-short one is refused before the repetition — or read from
 * standard input (`--password-stdin`, first line) or STAFF_PASSWORD (provisioning scripts). The
 * running server picks the account up at the next login.
 */
import readline from 'node:readline';
import { MIN_PASSWORD_LENGTH, STAFF_ROLES, StaffAccounts, type StaffRole } from '../adapters/staff/accounts';
import { loadConfig } from '../app/config';

export interface StaffAddIo {
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Asks without echo (a terminal). */
  askHidden(question: string): Promise<string>;
  /** All of standard input (for --password-stdin). */
  readStdin(): Promise<string>;
  out(text: string): void;
}

const USAGE = `Usage: npm run staff:add -- --username <login> --name "<display name shown to citizens>" [--role ${STAFF_ROLES.join('|')}] [--password-stdin]
The account file is the server's: STAFF_FILE, default $DATA_DIR/staff.json (DATA_DIR default ./data).\n`;

function arg(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  if (i >= 0) return args[i + 1];
  const inline = args.find((a) => a.startsWith(`--${name}=`));
  return inline?.slice(name.length + 3);
}

export class UsageError extends Error {}

function checkLength(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) throw new Error(`The password needs at least ${MIN_PASSWORD_LENGTH} characters (it has ${password.length}).`);
}

/** The command itself, without process globals (tests call it with their own input). */
export async function staffAdd(args: string[], io: StaffAddIo): Promise<void> {
  if (args.includes('--help') || args.includes('-h')) {
    io.out(USAGE);
    return;
  }
  const username = arg(args, 'username');
  const name = arg(args, 'name');
  const role = (arg(args, 'role') ?? 'staff') as StaffRole;
  if (!username || !name) throw new UsageError(USAGE);
  if (!STAFF_ROLES.includes(role)) throw new UsageError(`Unknown role "${role}". ${USAGE}`);
  const config = loadConfig(io.env, io.cwd);
  io.out(`Account file: ${config.staffFile} (the server's STAFF_FILE / DATA_DIR)\n`);
  let password: string;
  if (args.includes('--password-stdin')) {
    password = (await io.readStdin()).split(/\r?\n/)[0] ?? '';
    checkLength(password);
  } else if (io.env.STAFF_PASSWORD) {
    password = io.env.STAFF_PASSWORD;
    checkLength(password);
  } else {
    password = await io.askHidden(`Password for ${username} (at least ${MIN_PASSWORD_LENGTH} characters): `);
    checkLength(password);
    const again = await io.askHidden('Repeat the password: ');
    if (again !== password) throw new Error('The passwords differ.');
  }
  const accounts = new StaffAccounts(config.staffFile);
  const account = await accounts.add(username.toLowerCase(), name, password, new Date(), role);
  io.out(`Staff account "${account.username}" (${account.displayName}, role ${account.role}) saved in ${config.staffFile}.\n`);
}

/** Reads a line from the terminal without showing what is typed. */
function askHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    if (!process.stdin.isTTY) {
      reject(new Error('No terminal to ask for the password: use --password-stdin or set STAFF_PASSWORD.'));
      return;
    }
    const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: true });
    const output = rl as unknown as { _writeToOutput: (s: string) => void };
    let asked = false;
    output._writeToOutput = (s: string) => {
      if (!asked) {
        process.stdout.write(s);
        asked = true;
      }
    };
    rl.question(question, (answer) => {
      rl.close();
      process.stdout.write('\n');
      resolve(answer);
    });
  });
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

if (require.main === module) {
  staffAdd(process.argv.slice(2), { env: process.env, cwd: process.cwd(), askHidden, readStdin, out: (t) => process.stdout.write(t) }).catch((error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(error.message);
      process.exit(2);
    }
    process.stderr.write(`staff:add failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
