// A writer for the one YAML shape a Prometheus rule file has. Strings are double-quoted (JSON's
// escapes are valid YAML), expressions are literal blocks. The SLO module has its own copy: modules
// do not import each other.

/** An alerting rule. @internal */
export interface AlertingRule {
  readonly alert: string;
  readonly expr: string;
  readonly for?: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

/** A rule group. @internal */
export interface AlertingRuleGroup {
  readonly name: string;
  readonly rules: readonly AlertingRule[];
}

/** The rule file for `groups`. @internal */
export function ruleFileYaml(groups: readonly AlertingRuleGroup[], header: string): string {
  const lines = [`# ${header}`, groups.length === 0 ? 'groups: []' : 'groups:'];
  for (const group of groups) {
    lines.push(`  - name: ${quote(group.name)}`, '    rules:');
    for (const rule of group.rules) {
      lines.push(`      - alert: ${quote(rule.alert)}`);
      lines.push('        expr: |-', ...rule.expr.split('\n').map((line) => `          ${line}`));
      if (rule.for !== undefined) lines.push(`        for: ${quote(rule.for)}`);
      map(lines, 'labels', rule.labels);
      map(lines, 'annotations', rule.annotations);
    }
  }
  return `${lines.join('\n')}\n`;
}

function map(lines: string[], key: string, entries: Readonly<Record<string, string>>) {
  lines.push(`        ${key}:`);
  for (const [name, value] of Object.entries(entries)) {
    lines.push(`          ${name}: ${quote(value)}`);
  }
}

/** A YAML double-quoted scalar: JSON's escapes, plus the controls YAML does not allow raw. */
function quote(value: string): string {
  return JSON.stringify(value).replace(
    /[\u007f-\u009f]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
