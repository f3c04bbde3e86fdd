/**
 * One translation system (issue 23 part 2): every namespace is a feature's `web/src/<feature>/locales.ts` with the
 * same keys and `{{variables}}` in zh and en, registered with i18next, and no component writes Chinese text of its
 * own. Keys used as `t('literal')` must exist in the namespace the component asked for.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const WEB = join(ROOT, 'web/src');
const CHINESE = /[\u3400-\u9fff]/;

/** Where a Chinese literal is data, not interface text. Each entry says why; keep it empty if at all possible. */
const ALLOWLIST: Record<string, string> = {};

/** The entry files that register namespaces with i18next: the console, the portal and the verify page. */
const ENTRIES = ['web/src/i18n/resources.ts', 'web/src/portal/main.tsx', 'web/src/verify/main.tsx'];

type Tree = { [key: string]: string | Tree };

function sourceFiles(): string[] {
  return readdirSync(WEB, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.tsx?$/.test(f) && !f.endsWith('.d.ts'))
    .map((f) => join(WEB, f));
}

/** The feature folder under web/src a file belongs to. */
function folderOf(file: string): string {
  return relative(WEB, file).split('/')[0] as string;
}

const localeFiles = sourceFiles().filter((f) => f.endsWith('/locales.ts'));

/** A locales.ts exports `{ zh, en }` as its default (the convention), or `zh` and `en` by name. */
async function loadBundle(file: string): Promise<{ zh: Tree; en: Tree }> {
  const mod = (await import(file)) as { default?: { zh: Tree; en: Tree }; zh?: Tree; en?: Tree };
  const bundle = mod.default ?? mod;
  if (!bundle.zh || !bundle.en) throw new Error(`${relative(ROOT, file)} exports no { zh, en }`);
  return { zh: bundle.zh, en: bundle.en };
}

const PLURAL = /_(zero|one|two|few|many|other)$/;

/** Leaf paths with their text; plural forms (`_one`, `_other`) count as one key, as languages differ in them. */
function leaves(tree: Tree, prefix = ''): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') {
      const base = path.replace(PLURAL, '');
      out.set(base, [...(out.get(base) ?? []), value]);
    } else {
      for (const [p, v] of leaves(value, path)) out.set(p, [...(out.get(p) ?? []), ...v]);
    }
  }
  return out;
}

function variables(texts: string[]): string[] {
  const names = new Set<string>();
  for (const text of texts) for (const m of text.matchAll(/\{\{\s*([\w.]+)[^}]*\}\}/g)) names.add(m[1] as string);
  return [...names].sort();
}

function keyDifferences(zh: Tree, en: Tree): { missingInEn: string[]; missingInZh: string[] } {
  const z = leaves(zh);
  const e = leaves(en);
  return {
    missingInEn: [...z.keys()].filter((k) => !e.has(k)),
    missingInZh: [...e.keys()].filter((k) => !z.has(k)),
  };
}

function variableDifferences(zh: Tree, en: Tree): string[] {
  const z = leaves(zh);
  const e = leaves(en);
  const out: string[] = [];
  for (const [key, texts] of z) {
    const other = e.get(key);
    if (!other) continue;
    const a = variables(texts).join(',');
    const b = variables(other).join(',');
    if (a !== b) out.push(`${key}: zh {{${a}}} / en {{${b}}}`);
  }
  return out;
}

function parse(file: string): ts.SourceFile {
  return ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
}

/** Chinese in string literals, template text and JSX text; comments are not text a user sees. */
function chineseLiterals(source: ts.SourceFile): string[] {
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (
      ts.isStringLiteral(node) ||
      ts.isNoSubstitutionTemplateLiteral(node) ||
      ts.isTemplateHead(node) ||
      ts.isTemplateMiddle(node) ||
      ts.isTemplateTail(node) ||
      ts.isJsxText(node)
    ) {
      if (CHINESE.test(node.text)) {
        const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
        found.push(`${line + 1}: ${node.text.trim().slice(0, 40)}`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** `t('key')` calls with a literal key, with the namespace of the `useTranslation(...)` that gave that `t`. */
function literalKeys(source: ts.SourceFile): { fn: string; ns: string[]; key: string; line: number }[] {
  const namespaces = new Map<string, string[]>();
  const calls: { fn: string; key: string; line: number }[] = [];
  const visit = (node: ts.Node): void => {
    if (
      ts.isVariableDeclaration(node) &&
      node.initializer &&
      ts.isCallExpression(node.initializer) &&
      ts.isIdentifier(node.initializer.expression) &&
      node.initializer.expression.text === 'useTranslation' &&
      ts.isObjectBindingPattern(node.name)
    ) {
      // useTranslation() is `common`; useTranslation(['persons', 'common']) looks in each, in order.
      const arg = node.initializer.arguments[0];
      const ns = !arg
        ? ['common']
        : ts.isStringLiteral(arg)
          ? [arg.text]
          : ts.isArrayLiteralExpression(arg)
            ? arg.elements.filter(ts.isStringLiteral).map((e) => e.text)
            : [];
      for (const element of node.name.elements) {
        const from = element.propertyName ?? element.name;
        if (ts.isIdentifier(from) && from.text === 't' && ts.isIdentifier(element.name)) {
          namespaces.set(element.name.text, [...(namespaces.get(element.name.text) ?? []), ...ns]);
        }
      }
    }
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression)) {
      const arg = node.arguments[0];
      if (arg && (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg))) {
        const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
        calls.push({ fn: node.expression.text, key: arg.text, line: line + 1 });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return calls.flatMap((c) => {
    const ns = namespaces.get(c.fn);
    return ns ? [{ ...c, ns }] : [];
  });
}

function hasKey(tree: Tree, key: string): boolean {
  let node: string | Tree | undefined = tree;
  const parts = key.split('.');
  for (const [i, part] of parts.entries()) {
    if (node === undefined || typeof node === 'string') return false;
    const last = i === parts.length - 1;
    const next: string | Tree | undefined = node[part];
    if (last && next === undefined) return `${part}_other` in node;
    node = next;
  }
  // A key naming a group of keys is a mistake: t() would show the key itself.
  return typeof node === 'string';
}

describe('translations', () => {
  it('has a locales.ts per feature namespace', () => {
    expect(localeFiles.length).toBeGreaterThan(10);
  });

  it('has every key in both languages, in every namespace', async () => {
    const problems: string[] = [];
    for (const file of localeFiles) {
      const { zh, en } = await loadBundle(file);
      const { missingInEn, missingInZh } = keyDifferences(zh, en);
      for (const k of missingInEn) problems.push(`${relative(ROOT, file)}: ${k} has no English`);
      for (const k of missingInZh) problems.push(`${relative(ROOT, file)}: ${k} has no Chinese`);
    }
    expect(problems).toEqual([]);
  });

  it('uses the same {{variables}} in both languages', async () => {
    const problems: string[] = [];
    for (const file of localeFiles) {
      const { zh, en } = await loadBundle(file);
      for (const p of variableDifferences(zh, en)) problems.push(`${relative(ROOT, file)}: ${p}`);
    }
    expect(problems).toEqual([]);
  });

  it('registers every locales.ts with i18next', () => {
    const entries = ENTRIES.map((e) => ({
      folder: folderOf(join(ROOT, e)),
      text: readFileSync(join(ROOT, e), 'utf8'),
    }));
    const registered = (folder: string) =>
      entries.some(
        (e) => e.text.includes(`'../${folder}/locales'`) || (e.folder === folder && e.text.includes(`'./locales'`)),
      );
    expect(localeFiles.map(folderOf).filter((folder) => !registered(folder))).toEqual([]);
  });

  it('writes no Chinese text in components: text lives in locales.ts', () => {
    const problems: string[] = [];
    for (const file of sourceFiles()) {
      const rel = relative(ROOT, file);
      if (file.endsWith('/locales.ts') || rel in ALLOWLIST) continue;
      for (const hit of chineseLiterals(parse(file))) problems.push(`${rel}:${hit}`);
    }
    expect(problems).toEqual([]);
  });

  it('uses only keys that exist in the namespace a component asked for', async () => {
    const bundles = new Map<string, Tree>();
    for (const file of localeFiles) {
      const folder = folderOf(file);
      bundles.set(folder === 'i18n' ? 'common' : folder, (await loadBundle(file)).zh);
    }
    const problems: string[] = [];
    for (const file of sourceFiles()) {
      for (const call of literalKeys(parse(file))) {
        const [nsPart, keyPart] = call.key.includes(':') ? call.key.split(':', 2) : [undefined, call.key];
        const candidates = nsPart ? [nsPart] : call.ns;
        const ok = candidates.some((ns) => {
          const tree = bundles.get(ns);
          return tree !== undefined && hasKey(tree, keyPart as string);
        });
        if (!ok) problems.push(`${relative(ROOT, file)}:${call.line}: ${call.ns.join('|')} has no '${call.key}'`);
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('the translation checks themselves', () => {
  it('see a key missing in English', () => {
    expect(keyDifferences({ a: '甲', b: { c: '乙' } }, { a: 'A', b: {} }).missingInEn).toEqual(['b.c']);
  });

  it('treat plural forms as one key', () => {
    expect(keyDifferences({ n_other: '{{count}}人' }, { n_one: 'one', n_other: '{{count}}' })).toEqual({
      missingInEn: [],
      missingInZh: [],
    });
  });

  it('see a variable missing in one language', () => {
    expect(variableDifferences({ a: '第{{page}}页，共{{total}}页' }, { a: 'Page {{page}}' })).toEqual([
      'a: zh {{page,total}} / en {{page}}',
    ]);
  });

  it('see Chinese in a component but not in a comment', () => {
    const source = ts.createSourceFile(
      'x.tsx',
      // A template with a substitution: its text parts are checked too.
      `// 注释\nconst a = <b title='标题'>文字</b>;\nconst c = \`第\${1}页\`;`,
      ts.ScriptTarget.Latest,
      true,
      ts.ScriptKind.TSX,
    );
    expect(chineseLiterals(source).map((h) => h.split(':')[0])).toEqual(['2', '2', '3', '3']);
  });
});
