// Package assistant will hold Reel's companion: the Ollama client, prompts, scene notes,
// spoiler-bounded questions and answers, recaps and recommendations, and the keyword and
// sentiment analysis that needs no language model. It is built by the assistant issue, on top of
// the library (index) and the player; for now it only reserves its place in the layout, so the
// import rules (layout_test.go) cover it from the start.
package assistant
