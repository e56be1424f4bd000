import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { importRules } from './scripts/import-rules.js';

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'coverage', '.bench'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  // The rooms of src/ and who may import whom: docs/ARCHITECTURE.md.
  ...importRules,
);
