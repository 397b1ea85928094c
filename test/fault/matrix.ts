/** What one scenario saw: how many of each message or change, how many there should be, and the final state. */
export interface Outcome {
  counts: Record<string, number>;
  expected: Record<string, number>;
  /** Facts about the final state, each true when it holds. */
  checks: Record<string, boolean>;
  /** Figures worth showing that are not judged (a repeated chat.update changes nothing a person sees). */
  notes?: string[];
}

export interface Row {
  index: number;
  point: string;
  fault: string;
  seen: string;
  verdict: 'ok' | 'FAILING';
}

/** A matrix row: the counts as seen (`parent ×2`), what is wrong, and ok only when all is exactly as expected. */
export function judge(index: number, point: string, fault: string, outcome: Outcome): Row {
  const wrongCounts = Object.keys({ ...outcome.expected, ...outcome.counts }).filter(
    (k) => outcome.counts[k] !== outcome.expected[k],
  );
  const failedChecks = Object.keys(outcome.checks).filter((k) => !outcome.checks[k]);
  const counts = Object.entries(outcome.counts).map(([name, n]) => `${name} ×${n}`);
  const problems = [
    ...wrongCounts.map((k) => `${k}: ${outcome.expected[k] ?? 0} expected`),
    ...failedChecks.map((k) => `not so: ${k}`),
  ];
  return {
    index,
    point,
    fault,
    seen: [counts.join(', '), ...(outcome.notes ?? []), ...problems].join('; '),
    verdict: problems.length === 0 ? 'ok' : 'FAILING',
  };
}

/** The matrix as a Markdown table, in the order the scenarios were declared; a scenario with no row did not finish. */
export function formatMatrix(rows: readonly Row[], order: readonly string[]): string {
  const lines = ['| point | fault | seen after restart and settling | verdict |', '|---|---|---|---|'];
  order.forEach((name, index) => {
    const row = rows.find((r) => r.index === index);
    const [point, fault] = name.split(' | ');
    lines.push(
      row
        ? `| ${row.point} | ${row.fault} | ${row.seen} | ${row.verdict} |`
        : `| ${point} | ${fault} | (did not run to the end) | FAILING |`,
    );
  });
  return lines.join('\n');
}
