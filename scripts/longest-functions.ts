/**
 * Lists the longest functions under `src/` (declarations, expressions, arrows, methods,
 * accessors, constructors) and fails when any is longer than the limit, so `npm run lint`
 * keeps every function small enough to read in one screen:
 *
 *   tsx scripts/longest-functions.ts                               # src/, limit 80, the 10 longest
 *   tsx scripts/longest-functions.ts --max 60 --top 20 src/services
 *
 * A function's lines run from its first token (its doc comment left out) to its closing
 * brace; a nested function counts inside its parent and again on its own.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import ts from 'typescript';

export interface FunctionLength {
  readonly file: string;
  /** 1-based line of the function's first token. */
  readonly line: number;
  readonly name: string;
  readonly lines: number;
}

const isFunction = (node: ts.Node): node is ts.FunctionLikeDeclaration =>
  ts.isFunctionDeclaration(node) ||
  ts.isFunctionExpression(node) ||
  ts.isArrowFunction(node) ||
  ts.isMethodDeclaration(node) ||
  ts.isConstructorDeclaration(node) ||
  ts.isGetAccessorDeclaration(node) ||
  ts.isSetAccessorDeclaration(node);

const textOf = (name: ts.Node | undefined, source: ts.SourceFile): string | undefined =>
  name && (ts.isIdentifier(name) || ts.isPrivateIdentifier(name) || ts.isStringLiteral(name))
    ? name.text
    : name?.getText(source);

/** The name a reader would search for: its own, the variable or property holding it, or the call it is passed to. */
function nameOf(node: ts.FunctionLikeDeclaration, source: ts.SourceFile): string {
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  const own = node.name ? textOf(node.name, source) : undefined;
  if (own) return own;
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)) {
    return textOf(parent.name, source) ?? '(anonymous)';
  }
  if (ts.isPropertyDeclaration(parent)) return textOf(parent.name, source) ?? '(anonymous)';
  if (ts.isCallExpression(parent) || ts.isNewExpression(parent)) {
    const callee = parent.expression.getText(source).replace(/\s+/g, ' ').slice(0, 40);
    return `(function passed to ${ts.isNewExpression(parent) ? 'new ' : ''}${callee})`;
  }
  return '(anonymous)';
}

/** Every function in one file's text, in source order. */
export function functionLengths(file: string, text: string): FunctionLength[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: FunctionLength[] = [];
  const visit = (node: ts.Node) => {
    if (isFunction(node) && node.body) {
      const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      found.push({ file, line: start + 1, name: nameOf(node, source), lines: end - start + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const isSource = (name: string) => /\.tsx?$/.test(name) && !name.endsWith('.d.ts');

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (entry.isFile() && isSource(entry.name)) yield path;
  }
}

/** Every function under the given folders, longest first. */
export function longestFunctions(dirs: readonly string[]): FunctionLength[] {
  const all = dirs.flatMap((dir) =>
    [...sourceFiles(dir)].flatMap((path) =>
      functionLengths(relative(process.cwd(), path), readFileSync(path, 'utf8')),
    ),
  );
  return all.sort((a, b) => b.lines - a.lines || a.file.localeCompare(b.file) || a.line - b.line);
}

const row = (f: FunctionLength) => `${String(f.lines).padStart(5)}  ${f.file}:${f.line}  ${f.name}`;

function main(): number {
  const { values, positionals } = parseArgs({
    options: {
      max: { type: 'string', default: '80' },
      top: { type: 'string', default: '10' },
    },
    allowPositionals: true,
  });
  const max = Number(values.max);
  const top = Number(values.top);
  if (!Number.isInteger(max) || max < 1 || !Number.isInteger(top) || top < 0) {
    console.error('--max and --top take whole numbers (--max at least 1)');
    return 2;
  }
  const all = longestFunctions(positionals.length > 0 ? positionals : ['src']);
  const over = all.filter((f) => f.lines > max);
  console.log(`longest functions (limit ${max} lines):`);
  for (const f of all.slice(0, Math.max(top, over.length))) {
    console.log(`${row(f)}${f.lines > max ? '   <-- over the limit' : ''}`);
  }
  if (over.length === 0) return 0;
  console.error(
    `\n${over.length} function(s) over ${max} lines: split them into smaller named steps.`,
  );
  return 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = main();
}
