// docs/hooks.md from packages/core/src/engine/hooks.ts: every hook, its class, arguments and JSDoc,
// in the file's own phase groups; event fields from events.ts. Read with the TypeScript parser, so the
// page is exactly what a plugin author sees when hovering a hook. What a throwing listener does and
// which entity events reach which hook come from HOOK_DEFINITIONS, the table the engine routes by.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import ts from 'typescript';
import { cell, core, GENERATED } from './built.mjs';

const HOOKS = 'packages/core/src/engine/hooks.ts';
const EVENTS = 'packages/core/src/engine/events.ts';
const ARGUMENTS = 'packages/core/src/engine/hook-types.ts';

function jsDocText(node, source) {
  const docs = ts.getJSDocCommentsAndTags(node).filter(ts.isJSDoc);
  return (
    docs
      .map((doc) => ts.getTextOfJSDocComment(doc.comment) ?? '')
      .join(' ')
      .trim() || leadingBlock(node, source)
  );
}

/** The `/** … *\/` right before a node when the parser did not attach it (object literal members). */
function leadingBlock(node, source) {
  const ranges = ts.getLeadingCommentRanges(source.text, node.pos) ?? [];
  const block = ranges.filter((r) => source.text.slice(r.pos, r.pos + 3) === '/**').at(-1);
  if (!block) return '';
  return source.text
    .slice(block.pos + 3, block.end - 2)
    .split('\n')
    .map((line) => line.replace(/^\s*\*\s?/, ''))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** `// ── Run lifecycle ───` before a member starts a new group. */
function sectionOf(node, source) {
  const ranges = ts.getLeadingCommentRanges(source.text, node.pos) ?? [];
  for (const range of ranges) {
    const match = /^\/\/\s*─+\s*(.+?)\s*─*$/.exec(source.text.slice(range.pos, range.end));
    if (match) return match[1];
  }
  return undefined;
}

function hookClass(initializer, source) {
  let expression = initializer;
  let declared;
  if (ts.isAsExpression(expression)) {
    declared = expression.type.getText(source);
    expression = expression.expression;
  }
  if (!ts.isNewExpression(expression)) return { cls: initializer.getText(source), args: '' };
  const cls = expression.expression.getText(source);
  const args = expression.typeArguments?.map((t) => t.getText(source)).join(', ') ?? '';
  return { cls: declared ? `${cls} (${declared})` : cls, args };
}

export async function hooksDoc(root) {
  const text = await readFile(path.join(root, HOOKS), 'utf8');
  const source = ts.createSourceFile(HOOKS, text, ts.ScriptTarget.ES2022, true);
  const { HOOK_DEFINITIONS, ENTITY_TYPES, ENTITY_ACTIONS } = await core();
  const groups = [];
  let hooksObject;
  const createHooks = source.statements.find(
    (s) => ts.isFunctionDeclaration(s) && s.name?.text === 'createHooks',
  );
  createHooks?.forEachChild(function find(node) {
    if (ts.isCallExpression(node) && node.expression.getText(source) === 'Object.freeze') {
      hooksObject = node.arguments[0];
      return;
    }
    node.forEachChild(find);
  });
  if (!hooksObject || !ts.isObjectLiteralExpression(hooksObject))
    throw new Error(`no createHooks() returning Object.freeze({...}) in ${HOOKS}`);
  for (const member of hooksObject.properties) {
    if (!ts.isPropertyAssignment(member)) continue;
    const section = sectionOf(member, source);
    if (section || groups.length === 0) groups.push({ title: section ?? 'Hooks', hooks: [] });
    const { cls, args } = hookClass(member.initializer, source);
    const name = member.name.getText(source);
    groups.at(-1).hooks.push({
      name,
      cls,
      args,
      doc: leadingBlock(member, source),
      isolated: definitionOf(HOOK_DEFINITIONS, name).listenerErrors === 'isolated',
    });
  }
  const header = leadingBlock(
    source.statements.find((s) => ts.isImportDeclaration(s)) ?? source.statements[0],
    source,
  );
  const events = (await interfaces(root, EVENTS)).get('EntityEvent');
  if (!events) throw new Error(`no EntityEvent interface in ${EVENTS}`);
  const argumentTypes = [...argumentShapes(root, ARGUMENTS)].map(
    ([name, fields]) => `### ${name}

| field | type | meaning |
| --- | --- | --- |
${fields.map(([field, doc, type]) => `| \`${field}\` | \`${cell(type)}\` | ${cell(doc)} |`).join('\n')}`,
  );

  const sections = groups.map(
    (group) => `## ${group.title}

| hook | class and arguments | fires, and what a return value does | a throwing listener |
| --- | --- | --- | --- |
${group.hooks
  .map(
    (h) =>
      `| \`${h.name}\` | \`${cell(h.cls)}${h.args ? `<${cell(h.args)}>` : ''}\` | ${cell(h.doc)} | ${h.isolated ? 'is reported; the others still run' : 'fails the run, step or item'} |`,
  )
  .join('\n')}`,
  );
  const keys = ENTITY_TYPES.flatMap((type) => ENTITY_ACTIONS.map((action) => `\`${type}:${action}\``));
  return `${GENERATED(`${HOOKS}, ${EVENTS} and ${ARGUMENTS}`)}
# Hooks

${header}

Tap a hook in your plugin's \`apply\`, under your plugin's name:

\`\`\`ts
apply(host) {
  host.hooks.onPasswordRotated.tapPromise(PLUGIN_NAME, async (event) => notify(event));
  host.hooks.entity.for('configuration:created').tapPromise(PLUGIN_NAME, async (event) => index(event));
}
\`\`\`

\`glueflow plugins\` shows which hooks each loaded plugin taps. Writing a plugin:
[plugins/authoring.md](plugins/authoring.md).

${sections.join('\n\n')}

## Entity event fields

\`hooks.entity\` has one hook per \`"<type>:<action>"\`: ${keys.join(', ')}. Every entity event also
reaches \`onEntityEvent\`, after its type-specific hook. Events come from pipeline runs
(\`source: "pipeline:<name>"\`) and from \`glueflow watch\` (\`source: "watch"\`).

An event reaches these hooks, in this order; \`glueflow watch\` and the demo show it under the first:

| hook | the events it hears |
| --- | --- |
${routes(HOOK_DEFINITIONS)}

| field | type | meaning |
| --- | --- | --- |
${events.map(([name, doc, type]) => `| \`${name}\` | \`${cell(type)}\` | ${cell(doc)} |`).join('\n')}

\`onPasswordRotated\` events add \`passwordUpdatedAt\` and \`previousPasswordUpdatedAt\`; no event type has a
field that could carry a password value.

## Argument types

${argumentTypes.join('\n\n')}
`;
}

function definitionOf(definitions, name) {
  const definition = definitions[name];
  if (!definition) throw new Error(`hook ${name} has no row in HOOK_DEFINITIONS`);
  return definition;
}

/** The entity hooks' rows of HOOK_DEFINITIONS, in delivery order. */
function routes(definitions) {
  return Object.entries(definitions)
    .filter(([, d]) => d.kind === 'entity')
    .map(([name, d]) => {
      const hears =
        d.events === 'every'
          ? name === 'entity'
            ? 'every event, at its own key: `entity.for("<type>:<action>")`'
            : 'every event'
          : d.events
              .map((route) => `\`${route.key}\`${route.marked ? ` with \`${route.marked}\`` : ''}`)
              .join(', ');
      return `| \`${name}\` | ${hears} |`;
    })
    .join('\n');
}

/**
 * Every object type of a file, by name → [field, JSDoc, type] rows: its interfaces, and its type aliases
 * built from other types (the transport hooks derive theirs from the client's events), whose fields the
 * type checker resolves. An alias that only renames an interface of the file (ItemMessage) is skipped.
 */
function argumentShapes(root, file) {
  const program = ts.createProgram([path.join(root, file)], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    skipLibCheck: true,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(path.join(root, file));
  const out = new Map();
  for (const statement of source.statements) {
    const alias = ts.isTypeAliasDeclaration(statement);
    if (!alias && !ts.isInterfaceDeclaration(statement)) continue;
    if (!alias) {
      const fields = statement.members
        .filter(ts.isPropertySignature)
        .map((m) => [
          `${m.name.getText(source)}${m.questionToken ? '?' : ''}`,
          jsDocText(m, source),
          m.type?.getText(source).replace(/\s+/g, ' ') ?? '',
        ]);
      if (fields.length > 0) out.set(statement.name.text, fields);
      continue;
    }
    if (statement.typeParameters || renamesLocalInterface(statement, source, checker)) continue;
    const type = checker.getTypeAtLocation(statement.name);
    if (type.isUnion() || type.flags & ts.TypeFlags.Primitive) continue;
    const fields = checker.getPropertiesOfType(type).map((property) => {
      const optional = property.flags & ts.SymbolFlags.Optional ? '?' : '';
      const doc = ts.displayPartsToString(property.getDocumentationComment(checker)).replace(/\s+/g, ' ');
      const text = checker.typeToString(checker.getTypeOfSymbol(property)).replace(/ \| undefined$/, '');
      return [`${property.name}${optional}`, doc.trim(), text];
    });
    if (fields.length > 0) out.set(statement.name.text, fields);
  }
  return out;
}

/** `type ItemMessage = GlueflowMessage`: a second name for an interface the page already shows. */
function renamesLocalInterface(statement, source, checker) {
  if (!ts.isTypeReferenceNode(statement.type)) return false;
  let target = checker.getSymbolAtLocation(statement.type.typeName);
  if (target && target.flags & ts.SymbolFlags.Alias) target = checker.getAliasedSymbol(target);
  return Boolean(
    target?.declarations?.some((d) => ts.isInterfaceDeclaration(d) && d.getSourceFile() === source),
  );
}

/** Every interface of a file: name → [field, JSDoc] rows. */
async function interfaces(root, file) {
  const text = await readFile(path.join(root, file), 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const out = new Map();
  for (const statement of source.statements) {
    if (!ts.isInterfaceDeclaration(statement)) continue;
    // `type: T` says nothing: show a type parameter's constraint (EntityType) instead.
    const params = new Map(
      (statement.typeParameters ?? []).map((p) => [
        p.name.text,
        p.constraint?.getText(source) ?? p.name.text,
      ]),
    );
    const fields = statement.members
      .filter(ts.isPropertySignature)
      .map((m) => [
        `${m.name.getText(source)}${m.questionToken ? '?' : ''}`,
        jsDocText(m, source),
        params.get(m.type?.getText(source)) ?? m.type?.getText(source).replace(/\s+/g, ' ') ?? '',
      ]);
    if (fields.length > 0) out.set(statement.name.text, fields);
  }
  return out;
}
