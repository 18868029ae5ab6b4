// ESLint (flat config): JavaScript's recommended rules and typescript-eslint's, over every TypeScript folder.
// Type errors are tsc's job (`npm run typecheck`); these rules catch what compiles but is likely wrong.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';

export default tseslint.config(
  { ignores: ['node_modules/', 'tab/dist/', 'data/', 'test-results/', 'teams-app/infra/', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,mts}'],
    rules: {
      // An unused name is a mistake unless it says so with a leading underscore.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-restricted-syntax': ['error', { selector: "CallExpression[callee.property.name='only']", message: 'focused test (.only) left in' }],
    },
  },
  {
    // A promise nobody awaits or handles loses its error (an unhandled rejection stops the server). This rule
    // needs the types: typescript-eslint's project service reads tsconfig.json.
    files: ['**/*.{ts,tsx,mts}'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: { '@typescript-eslint/no-floating-promises': 'error' },
  },
  {
    // No import cycles in the server's code (the core's boundary test checks the core's own on top: api/core/boundaries.test.ts).
    files: ['api/**/*.ts', 'bot/**/*.ts', 'teams-app/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.tsx'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.json'] })],
    },
    rules: { 'import-x/no-cycle': 'error' },
  },
  {
    // The bot's seam (bot/channel.ts): botbuilder is known to one file, bot/adapter.ts; everything else speaks
    // plain data, so a move to the Teams SDK replaces that file alone (ARCHITECTURE.md).
    files: ['api/**/*.ts', 'bot/**/*.ts', 'teams-app/**/*.ts', 'tab/**/*.{ts,tsx}', 'manifest/**/*.ts'],
    ignores: ['bot/adapter.ts', '**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'botbuilder', message: 'botbuilder is used in bot/adapter.ts only; speak through bot/channel.ts.' }],
          patterns: [{ group: ['botbuilder-*', 'botframework-*'], message: 'Bot Framework packages are used in bot/adapter.ts only.' }],
        },
      ],
    },
  },
  {
    // The tab: hooks are called unconditionally, and effects name what they depend on.
    files: ['tab/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    // Tests and their stand-ins read loosely typed JSON and documents on purpose.
    files: ['tests/**', '**/*.test.ts', '**/*.test.tsx', '**/__tests__/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
