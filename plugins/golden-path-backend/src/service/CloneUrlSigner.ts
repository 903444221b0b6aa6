import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs/promises';
import { join } from 'node:path';

/** The key file, beside the repositories it gives access to. */
export const CLONE_KEY_FILE = '.golden-path-clone-key';

const TOKEN = /^([0-9a-z]{1,12})-([A-Za-z0-9_-]{43})$/;

/**
 * Signs and checks the tokens in clone URLs. Git clients cannot send a
 * Backstage token, so a clone URL carries its own: an HMAC of the
 * repository name and an expiry time, with a key kept in the local publish
 * root (created on first use, mode 0600), so every replica that serves the
 * same repositories accepts the same URLs.
 */
export class CloneUrlSigner {
  private key?: Promise<Buffer>;

  constructor(
    private readonly options: {
      publishRoot: string;
      validityMs: number;
      now?: () => number;
    },
  ) {}

  private now() {
    return (this.options.now ?? Date.now)();
  }

  private loadKey(): Promise<Buffer> {
    this.key ??= (async () => {
      const file = join(this.options.publishRoot, CLONE_KEY_FILE);
      await fs.mkdir(this.options.publishRoot, { recursive: true });
      try {
        // 'wx': only one replica creates the key; the others read it.
        await fs.writeFile(file, randomBytes(32).toString('hex'), {
          flag: 'wx',
          mode: 0o600,
        });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const hex = (await fs.readFile(file, 'utf8')).trim();
      if (!/^[0-9a-f]{64}$/.test(hex)) {
        throw new Error(
          `The clone URL key ${CLONE_KEY_FILE} in the local publish root is not 64 hex digits; delete it to make a new one (clone URLs given out so far stop working).`,
        );
      }
      return Buffer.from(hex, 'hex');
    })();
    this.key.catch(() => {
      this.key = undefined;
    });
    return this.key;
  }

  private async mac(repository: string, expires: string) {
    return createHmac('sha256', await this.loadKey())
      .update(`git-clone\n${repository}\n${expires}`)
      .digest('base64url');
  }

  /** A token for `repository`, and when it stops working. */
  async sign(repository: string) {
    const expiresAt = Math.ceil((this.now() + this.options.validityMs) / 1000);
    const expires = expiresAt.toString(36);
    return {
      token: `${expires}-${await this.mac(repository, expires)}`,
      expiresAt: new Date(expiresAt * 1000).toISOString(),
    };
  }

  /** Whether `token` was signed for `repository` and has not expired. */
  async verify(repository: string, token: string): Promise<boolean> {
    const match = TOKEN.exec(token);
    if (!match) return false;
    const [, expires, mac] = match;
    if (parseInt(expires, 36) * 1000 < this.now()) return false;
    const expected = Buffer.from(await this.mac(repository, expires));
    const given = Buffer.from(mac);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}
