/**
 * The Agents Toolkit project files against the YAML schema Microsoft's toolkit CLI bundles. (The built
 * manifest is checked by `atk validate` itself in CI: `npm run check:toolkit -- manifest`.)
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { projectYamlFiles, toolkitYamlSchemaPath, validateProjectYaml } from './toolkit-check';

let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'toolkit-yaml-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A copy of `m365agents.yml` with `edit` applied to its text. */
const brokenCopy = (name: string, edit: (text: string) => string): string => {
  const file = join(dir, name);
  const text = readFileSync(join(__dirname, 'm365agents.yml'), 'utf8');
  const changed = edit(text);
  expect(changed).not.toBe(text);
  writeFileSync(file, changed);
  return file;
};

describe("the Agents Toolkit project against the toolkit's own YAML schema", () => {
  it('finds both project files and the schema bundled for their version', () => {
    expect(projectYamlFiles().map((f) => basename(f))).toEqual(['m365agents.local.yml', 'm365agents.yml']);
    const schema = JSON.parse(readFileSync(toolkitYamlSchemaPath('v1.11'), 'utf8'));
    expect(schema.properties).toHaveProperty('provision');
  });

  it.each(['m365agents.yml', 'm365agents.local.yml'])('%s holds', (name) => {
    expect(validateProjectYaml(join(__dirname, name))).toEqual([]);
  });

  it('refuses a misspelled stage, naming it', () => {
    const problems = validateProjectYaml(brokenCopy('stage.yml', (t) => t.replace(/^deploy:/m, 'deplyo:')));
    expect(problems.join('\n')).toMatch(/additional properties \(deplyo\)/);
  });

  it("refuses an action's parameter of the wrong type, naming where", () => {
    const problems = validateProjectYaml(brokenCopy('type.yml', (t) => t.replace('generateServicePrincipal: true', 'generateServicePrincipal: [yes]')));
    expect(problems.join('\n')).toMatch(/\/provision\/2/);
  });

  it('refuses a version the toolkit has no schema for, and a $schema comment that disagrees with the version', () => {
    const problems = validateProjectYaml(brokenCopy('version.yml', (t) => t.replace(/^version: v1\.11$/m, 'version: v9.99'))).join('\n');
    expect(problems).toMatch(/no schema for version v9\.99/);
    expect(problems).toMatch(/\$schema comment \(https:\/\/aka\.ms\/m365-agents-toolkits\/v1\.11\/yaml\.schema\.json\) names another version/);
  });
});
