// Package assistant is Reel's companion beside the picture. It reads the library through small
// interfaces (Catalog, NoteCatalog, VectorCatalog: *store.Store satisfies them) and talks to a
// local model only through Chatter and Embedder (*ollama.Client satisfies them), so tests put a
// recorded or scripted model in their place.
//
//   - Texts: keywords and sentiment of a film, its scenes and the user's review, without a model
//     (packages keywords and sentiment).
//   - Companion: questions and recaps answered from what the viewer has seen. Seen reads only
//     lines and scenes that start before the playhead; Context puts them, with the film's facts,
//     in delimited blocks that file text cannot close, under a system prompt that says to
//     ignore instructions inside them. Answers cite [HH:MM:SS]; Citations finds the citations
//     and drops any beyond the playhead.
//   - Notes: a note per scene as structured output (a JSON schema), validated, retried once,
//     stored and made searchable; never rewritten unless asked.
//   - Recommender: unwatched films like one film, or for the user from their history, ratings
//     and reviews, by embeddings (or TF-IDF without an embedding model) plus shared keywords,
//     genres and people, each with its reasons, varied by MMR.
//
// Text from files (subtitles, .nfo, the notes made from them) reaches a model only through data,
// which neutralises Reel's block tags and the control tokens of chat templates (<|im_start|>,
// <|eot_id|>, [INST], <s>, <start_of_turn>…): a subtitle line cannot close a block or forge a
// turn. Every model call has the limits of package ollama (time, length, a stream that must
// end with its last message); an answer stopped by one comes back as far as it got, with an
// *ollama.CutError, for the front-end to show marked as cut.
//
// Model output is only ever shown as text: nothing in it is run or used as a path.
package assistant
