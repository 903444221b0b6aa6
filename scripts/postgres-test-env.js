// Prints the environment variable that lets Backstage's TestDatabases run the
// database tests on the PostgreSQL server at GP_TEST_POSTGRES_URL (default
// postgresql://postgres@127.0.0.1:5432), named after the server's major
// version, e.g. BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING=...
// Exits 1 with a one-line reason when the server does not answer.
const { Client } = require('pg');

const url =
  process.env.GP_TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432';

async function main() {
  const client = new Client({
    connectionString: url,
    connectionTimeoutMillis: 5000,
  });
  try {
    await client.connect();
    const { rows } = await client.query(
      "select current_setting('server_version_num')::int / 10000 as major",
    );
    process.stdout.write(
      `BACKSTAGE_TEST_DATABASE_POSTGRES${rows[0].major}_CONNECTION_STRING=${url}\n`,
    );
  } finally {
    await client.end().catch(() => {});
  }
}

main().catch(error => {
  process.stderr.write(
    `PostgreSQL at ${url.replace(/:[^:@/]*@/, ':***@')} does not answer: ${
      error.message
    }\n`,
  );
  process.exit(1);
});
