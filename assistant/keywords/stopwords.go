package keywords

// Stop words: the function words of English, French, German, Spanish and Italian (the
// languages film subtitles come in most here), plus the filler of spoken dialogue. Written for
// Reel; words under three letters are dropped anyway.
var stopwords = set(`
about above after again against all also although always among and another any anybody anyone
anything are around back because been before being below between both but came can come could
did does doing done down during each either else enough even ever every everyone everything
few for from further get gets getting give go goes going gone got gotta had has have having her
here hers herself him himself his how however into its itself just know last least less let
like made make many may maybe might mine more most much must myself near need never next none
nor not nothing now off often once one only onto other others our ours ourselves out over own
perhaps please put quite rather really said same say says see seem seems shall she should since
some somebody someone something sometimes soon still such take tell than that the their theirs
them themselves then there these they thing things think this those though through thus till
too toward towards under until upon very want was way well went were what whatever when where
whether which while who whom whose why will with within without would yes yet you your yours
yourself yourselves okay yeah hey huh uh um oh ah hmm gonna wanna right look come let's
sure got just really little lot lots mr mrs ms don didn doesn isn wasn aren weren won wouldn
couldn shouldn ain ll ve re

alors au aux avec avoir bien car ce cela ces cet cette comme dans des donc elle elles est et
etre être eux fait faire il ils je la le les leur leurs lui mais me meme même mes moi mon nous
on ou où par pas pour qu que qui sa sans se ses si son sont sur ta te tes toi ton tous tout
tu un une vos votre vous était été

aber als auch auf aus bei bin bis das dass dem den der des die dies doch dort durch ein eine
einem einen einer eines er es für hat hatte ich ihr im in ist ja kann mit nach nicht noch nur
oder schon sein sich sie sind so über um und uns von war was wenn wie wir wird zu zum zur

algo como con cuando del desde donde el ella ellos en entre era es esa ese eso esta este esto
fue hay las los más mas muy nada nos para pero por porque que qué se ser sin sobre son su sus
también tan todo todos una uno unos usted yo

che chi come con dei del della delle di gli il la le lei lo loro ma mi mio nel non per più
questa questo sei sono sua suo tu tutto una uno voi
`)

// chineseStopChars break runs of Han characters: particles and pronouns.
var chineseStopChars = map[rune]bool{}

// chineseStop are two-character words too common to characterise anything.
var chineseStop = set(`我们 你们 他们 她们 它们 这个 那个 这里 那里 什么 怎么 为什么 没有 不是 就是 还是 已经 可以 知道 现在 时候 自己 一个 这样 那样 因为 所以 如果 但是 然后 我的 你的 他的 她的`)

func init() {
	for _, r := range "的了是在我你他她它们这那不也就都和与吗呢吧啊呀哦嗯个着过把被给让很还又" {
		chineseStopChars[r] = true
	}
}

func set(s string) map[string]bool {
	m := map[string]bool{}
	word := []rune{}
	for _, r := range s + " " {
		if r == ' ' || r == '\n' || r == '\t' {
			if len(word) > 0 {
				m[string(word)] = true
				word = word[:0]
			}
			continue
		}
		word = append(word, r)
	}
	return m
}
