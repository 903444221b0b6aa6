import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import fs from 'node:fs';
import { PolicyFiles } from './PolicyFiles';

const role = (name: string) =>
  `roles:\n  - name: ${name}\n    members: [everyone]\n    allow: [slo.read]\n`;

describe('PolicyFiles', () => {
  const dir = createMockDirectory();
  const logger = mockServices.logger.mock();

  beforeEach(() => {
    dir.clear();
    jest.clearAllMocks();
  });

  it('reads every file at start-up and refuses to start on a bad or missing one', () => {
    dir.setContent({ 'a.yaml': role('a'), 'b.yaml': role('b') });
    const files = PolicyFiles.load(
      [dir.resolve('a.yaml'), dir.resolve('b.yaml')],
      logger,
    );
    expect(files.policy.roles.map(r => r.name)).toEqual(['a', 'b']);

    dir.setContent({ 'bad.yaml': 'roles: [{ name: x }]' });
    expect(() => PolicyFiles.load([dir.resolve('bad.yaml')], logger)).toThrow(
      /The permission policy bad.yaml cannot be used: roles\[0\]\.members/,
    );
    expect(() =>
      PolicyFiles.load([dir.resolve('missing.yaml')], logger),
    ).toThrow(
      /The permission policy missing.yaml cannot be read \(no such file\)/,
    );
  });

  it('keeps the policy in force when an edit is bad, and takes a good edit', () => {
    dir.setContent({ 'a.yaml': role('a') });
    const files = PolicyFiles.load([dir.resolve('a.yaml')], logger);
    fs.writeFileSync(dir.resolve('a.yaml'), 'roles: [');
    expect(files.reload()).toBe(false);
    expect(files.policy.roles.map(r => r.name)).toEqual(['a']);
    expect(logger.error).toHaveBeenCalledWith(
      expect.stringMatching(
        /^The permission policy a.yaml cannot be used: not valid YAML.*The previous policy stays in force\.$/,
      ),
    );
    fs.writeFileSync(dir.resolve('a.yaml'), role('renamed'));
    expect(files.reload()).toBe(true);
    expect(files.policy.roles.map(r => r.name)).toEqual(['renamed']);
  });

  it('reloads by itself when a watched file changes', async () => {
    dir.setContent({ 'a.yaml': role('a') });
    const files = PolicyFiles.load([dir.resolve('a.yaml')], logger);
    files.watch();
    try {
      fs.writeFileSync(dir.resolve('a.yaml'), role('edited'));
      const deadline = Date.now() + 10_000;
      while (files.policy.roles[0].name !== 'edited') {
        if (Date.now() > deadline) throw new Error('never reloaded');
        await new Promise(resolve => setTimeout(resolve, 50));
      }
    } finally {
      files.close();
    }
  });
});
