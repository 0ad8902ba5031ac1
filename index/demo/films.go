package demo

import "time"

// film is one demo film: what the .nfo says, the shots the encoder draws, and the lines spoken
// in each shot.
type film struct {
	Dir, File   string // folder and file name inside the library
	Title       string
	Original    string
	Year        int
	Tagline     string
	Plot        string
	Genres      []string
	Tags        []string
	Directors   []string
	Writers     []string
	Cast        []role
	Rating      float64
	Studio      string
	Shots       []shot
	ChineseSubs bool // also write a Simplified Chinese .zh.srt
}

type role struct{ Name, Role string }

type shot struct {
	Seconds float64
	Seed    int64
	Lines   []string // spread evenly over the shot
	LinesZH []string
}

func (s shot) duration() time.Duration { return time.Duration(s.Seconds * float64(time.Second)) }

// films is the demo library. Every film, person and line here is invented for Reel.
var films = []film{
	{
		Dir: "The Lighthouse Keeper's Daughter (1954)", File: "The Lighthouse Keeper's Daughter (1954).mp4",
		Title: "The Lighthouse Keeper's Daughter", Year: 1954,
		Tagline: "Every light has a keeper. Every keeper has a secret.",
		Plot:    "On a storm-bound island off the Cornish coast, Maud Penrose tends the lamp her missing father left behind, until a shipwrecked stranger arrives with his logbook.",
		Genres:  []string{"Drama", "Mystery"}, Tags: []string{"lighthouse", "storm", "island", "missing father"},
		Directors: []string{"Edith Marlowe"}, Writers: []string{"Edith Marlowe", "Tom Carrick"},
		Cast:   []role{{"Vera Lindqvist", "Maud Penrose"}, {"Arthur Boyd", "The Stranger"}, {"Nell Hardy", "Mrs. Tregenza"}},
		Rating: 7.4, Studio: "Harbour Light Pictures", ChineseSubs: true,
		Shots: []shot{
			{6, 11, []string{"The lamp must be lit before the tide turns.", "Father always said the sea keeps its own accounts."}, []string{"潮水转向之前，灯必须点亮。", "父亲总说，大海自有它的账本。"}},
			{5, 12, []string{"There's a man on the rocks! Fetch the rope!"}, []string{"礁石上有人！快拿绳子来！"}},
			{7, 13, []string{"Who are you, and where did you find that logbook?", "It was in your father's coat, miss."}, []string{"你是谁？那本航海日志是从哪里来的？", "小姐，它在你父亲的外套里。"}},
			{6, 14, []string{"The storm will pass. Secrets don't."}, []string{"风暴会过去，秘密不会。"}},
			{6, 15, []string{"Keep the light burning, Maud. Whatever happens."}, []string{"让灯一直亮着，莫德。无论发生什么。"}},
		},
	},
	{
		Dir: "Paper Moons over Lisbon (1987)", File: "Paper Moons over Lisbon (1987).mkv",
		Title: "Paper Moons over Lisbon", Original: "Luas de Papel sobre Lisboa", Year: 1987,
		Tagline: "Two strangers, one tram, and a city that never stops singing.",
		Plot:    "A shy printer's apprentice and a travelling fado singer miss the last tram and spend one long night crossing Lisbon, trading lies that slowly turn true.",
		Genres:  []string{"Romance", "Comedy"}, Tags: []string{"Lisbon", "fado", "one night", "tram"},
		Directors: []string{"Rui Almada"}, Writers: []string{"Rui Almada"},
		Cast:   []role{{"Inês Valente", "Amália Sousa"}, {"Pedro Nunes", "Tomás"}, {"Júlia Reis", "The Landlady"}},
		Rating: 6.9, Studio: "Tejo Filmes",
		Shots: []shot{
			{5, 21, []string{"You missed the last tram too?", "I never catch the last anything."}, nil},
			{4, 22, []string{"I print moons for a living. Paper ones."}, nil},
			{6, 23, []string{"Sing something, then. Something sad.", "In Lisbon every song is sad. That's how you know it's happy."}, nil},
			{5, 24, []string{"Is that true, or is it one of your lies?"}, nil},
			{4, 25, []string{"Morning. We walked the whole city."}, nil},
		},
	},
	{
		Dir: "Signal from Kepler Station (2019)", File: "Signal.from.Kepler.Station.2019.720p.WEB-DL.x264-REEL.mp4",
		Title: "Signal from Kepler Station", Year: 2019,
		Tagline: "The message was sent tomorrow.",
		Plot:    "The last two engineers on a failing research station around Kepler-442b receive a distress call in their own voices, timestamped eleven hours in the future.",
		Genres:  []string{"Science Fiction", "Thriller"}, Tags: []string{"space station", "time loop", "distress signal"},
		Directors: []string{"Dana Okafor"}, Writers: []string{"Dana Okafor", "Lin Wei"},
		Cast:   []role{{"Mara Quist", "Commander Ilse Hart"}, {"Jonah Abara", "Engineer Sami Oduya"}, {"K. Ferris", "STATION (voice)"}},
		Rating: 7.8, Studio: "Far Orbit",
		Shots: []shot{
			{5, 31, []string{"Station log, day four hundred and twelve. Nothing new.", "Commander, you need to hear this."}, nil},
			{6, 32, []string{"That's my voice. That's me calling for help.", "The timestamp says eleven hours from now."}, nil},
			{4, 33, []string{"Reactor coolant is dropping. Exactly like the message said."}, nil},
			{6, 34, []string{"If we send the warning, we cause the loop.", "And if we don't, we die in it."}, nil},
			{5, 35, []string{"STATION: Transmission sent. Eleven hours, zero minutes."}, nil},
			{4, 36, []string{"Day four hundred and thirteen. Something new."}, nil},
		},
	},
	{
		Dir: "The Clockmaker's Heist (1968)", File: "The Clockmaker's Heist (1968).mp4",
		Title: "The Clockmaker's Heist", Original: "Le Casse de l'horloger", Year: 1968,
		Tagline: "Timing is everything.",
		Plot:    "A retired Parisian clockmaker assembles a crew of misfits to steal back the astronomical clock the Ministry confiscated from his family, during the one minute its bells drown out every alarm.",
		Genres:  []string{"Crime", "Comedy"}, Tags: []string{"heist", "Paris", "clock", "caper"},
		Directors: []string{"Claude Besson"}, Writers: []string{"Claude Besson", "Anouk Ferrand"},
		Cast:   []role{{"Henri Vautrin", "Émile Dufresne"}, {"Sylvie Caron", "Odile"}, {"Marcel Pivot", "Le Petit"}},
		Rating: 7.1, Studio: "Pont-Neuf Productions",
		Shots: []shot{
			{6, 41, []string{"Sixty seconds. The bells ring for sixty seconds.", "Then we have sixty seconds."}, nil},
			{5, 42, []string{"You want to rob the Ministry with a safecracker who is afraid of the dark?"}, nil},
			{5, 43, []string{"Synchronise your watches. No, not that one, Le Petit. A real watch."}, nil},
			{6, 44, []string{"The alarm! Why is the alarm ringing?", "Because it is five to noon, Odile. Relax."}, nil},
			{5, 45, []string{"The clock is home. Now, who has the van?"}, nil},
		},
	},
	{
		Dir: "Léon and the Winter Fox (2003)", File: "Léon and the Winter Fox (2003).mp4",
		Title: "Léon and the Winter Fox", Year: 2003,
		Tagline: "The snow remembers every footprint.",
		Plot:    "Nine-year-old Léon follows a silver fox across the frozen Jura mountains to find his grandmother's lost cabin, learning to read tracks, weather and his own courage.",
		Genres:  []string{"Family", "Adventure"}, Tags: []string{"snow", "fox", "mountains", "grandmother"},
		Directors: []string{"Margot Aubry"}, Writers: []string{"Margot Aubry"},
		Cast:   []role{{"Lucas Ferrat", "Léon"}, {"Hélène Roux", "Grand-mère Jeanne"}, {"Bastien Morel", "The Ranger"}},
		Rating: 7.0, Studio: "Montagne Films",
		Shots: []shot{
			{5, 51, []string{"Grand-mère said the fox knows the way."}, nil},
			{5, 52, []string{"Look, tracks! Four toes, no claws. It's her."}, nil},
			{6, 53, []string{"It's getting dark, and I'm not scared. Not very."}, nil},
			{5, 54, []string{"The cabin! The red shutters, just like the photograph."}, nil},
		},
	},
	{
		Dir: "Spider-Gardens (2011)", File: "Spider-Gardens (2011).mp4",
		Title: "Spider-Gardens", Year: 2011,
		Tagline: "Eight legs. One masterpiece.",
		Plot:    "A patient nature documentary following garden spiders through one English summer, from the first dew-lit webs to the autumn egg sacs.",
		Genres:  []string{"Documentary"}, Tags: []string{"nature", "spiders", "summer", "garden"},
		Directors: []string{"Ruth Ashby"}, Writers: []string{"Ruth Ashby"},
		Cast:   []role{{"Ruth Ashby", "Narrator"}},
		Rating: 8.0, Studio: "Hedgerow Natural History",
		Shots: []shot{
			{5, 61, []string{"Dawn. The garden spider has been working since three."}, nil},
			{5, 62, []string{"Each radius is laid with a tension an engineer would envy."}, nil},
			{5, 63, []string{"A wasp. The web holds, but only just."}, nil},
			{5, 64, []string{"By September, the web is abandoned. The next generation waits."}, nil},
		},
	},
}
