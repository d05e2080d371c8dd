import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/.next/**', '**/node_modules/**', '**/*.js', '**/*.mjs', 'web/next-env.d.ts', 'web/src/lib/generated/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-syntax': ['error', { selector: "CallExpression[callee.property.name='only']", message: 'no .only in committed tests' }],
    },
  },
  {
    // The optimization core is pure: no Node built-ins outside its tests.
    files: ['services/core/src/**/*.ts'],
    ignores: ['services/core/src/**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['node:*', 'fs', 'path', 'nats', 'typeorm', 'pg'] }] },
  },
  {
    // The web UI's React components and hooks.
    files: ['web/src/**/*.tsx'],
    ...reactHooks.configs.flat.recommended,
  },
);
