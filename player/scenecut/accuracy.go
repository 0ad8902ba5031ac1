package scenecut

// Accuracy compares detected cut frames with the true ones: a detected cut within tol frames of
// a true cut matches it (each true cut matches at most once). Precision is the share of
// detected cuts that match; recall, the share of true cuts found. With nothing to find and
// nothing found, both are 1.
func Accuracy(got, want []int64, tol int64) (precision, recall float64) {
	used := make([]bool, len(want))
	matched := 0
	for _, g := range got {
		for i, w := range want {
			if !used[i] && g >= w-tol && g <= w+tol {
				used[i] = true
				matched++
				break
			}
		}
	}
	precision, recall = 1, 1
	if len(got) > 0 {
		precision = float64(matched) / float64(len(got))
	}
	if len(want) > 0 {
		recall = float64(matched) / float64(len(want))
	}
	return precision, recall
}
