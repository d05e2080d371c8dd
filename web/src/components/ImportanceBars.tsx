/** Each parameter's share of the objective's variance as a bar, most important first. */
export function ImportanceBars({ shares, metric }: { shares: ReadonlyArray<{ name: string; importance: number }>; metric: string }) {
  return (
    <table className="data importance" aria-label={`parameter importance for ${metric}`}>
      <tbody>
        {shares.map((s) => {
          const percent = Math.round(s.importance * 1000) / 10;
          return (
            <tr key={s.name}>
              <th className="param" scope="row">
                {s.name}
              </th>
              <td className="bar-cell">
                <span className="bar" style={{ width: `${Math.max(0.5, percent)}%` }} />
              </td>
              <td className="num mono">{percent.toFixed(1)} %</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
