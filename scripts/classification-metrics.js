// Accuracy and macro-F1 for labelled predictions: shared by the sentiment trainer and evaluator.

/** Mean over classes of each class's F1, so a skewed class mix cannot hide a weak class. */
export function classMetrics(gold, predicted, classes) {
  let correct = 0;
  for (let i = 0; i < gold.length; i++) if (gold[i] === predicted[i]) correct++;
  const f1s = classes.map((c) => {
    let tp = 0, fp = 0, fn = 0;
    for (let i = 0; i < gold.length; i++) {
      if (predicted[i] === c && gold[i] === c) tp++;
      else if (predicted[i] === c) fp++;
      else if (gold[i] === c) fn++;
    }
    const p = tp / (tp + fp || 1);
    const r = tp / (tp + fn || 1);
    return (2 * p * r) / (p + r || 1);
  });
  return { accuracy: correct / gold.length, macroF1: f1s.reduce((a, b) => a + b, 0) / classes.length };
}
