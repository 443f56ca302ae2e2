# graphql/graphql-js: a TypeScript library. Hooks: eslint, prettier and tsc on src/**/*.ts,
# with the project's own devDependencies (npm ci: eslint 8.13.0 with its .eslintrc.yml and
# plugins, prettier 2.6.2, typescript 4.6.3): the pinned eslint 10 of testdata/tools/node
# cannot read .eslintrc.yml or parse TypeScript without the project's plugins.
src=/work/.mirror/graphql+graphql-js/repo
commit=a7db60beb22b0e417f9ed12215945c7fcb43246e
edit=src/language/parser.ts
caches=(.eslintcache node_modules/.cache)
setup() { npm ci --ignore-scripts --no-audit --no-fund --loglevel=error; }
