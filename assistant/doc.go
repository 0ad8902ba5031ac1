// Package assistant is Reel's companion. What is built so far needs no language model: the
// keywords of a film and of each of its scenes (TF-IDF, package keywords) and the sentiment of
// its lines, scenes and arc and of the user's review (a VADER-style lexicon method, package
// sentiment), computed from the library's store by Texts. The Ollama side (scene notes,
// spoiler-bounded questions, recaps, recommendations) is the rest of the assistant issue.
package assistant
