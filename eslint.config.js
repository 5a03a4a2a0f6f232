// Lint: typescript-eslint's recommended rules plus the layering rules of STYLE.md:
// api/ never reaches the database, and nothing outside api/ imports api/ or fastify.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'scratch/', 'bench/results/', 'web/dist/'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/api/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/db/**', '**/db/index.ts', 'pg', '@electric-sql/*'], message: 'api/ calls capabilities; it never talks to the database (STYLE.md).' }] },
      ],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/api/**', 'src/hub/**', 'src/cli/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/api/**', 'fastify', 'fastify/*', '@fastify/*'], message: 'capabilities never import HTTP code (STYLE.md).' }] },
      ],
    },
  },
);
