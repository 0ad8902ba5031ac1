package sentiment

// The lexicons are Reel's own, written for film dialogue, reviews and plots: valences on VADER's
// scale (-4 to +4), chosen by hand. They are small (a few hundred entries per language) and
// cover the words that carry most of the weight in everyday speech.

func lex(groups map[float64]string) map[string]float64 {
	m := map[string]float64{}
	for v, words := range groups {
		for _, w := range splitWords(words) {
			m[w] = v
		}
	}
	return m
}

func splitWords(s string) []string {
	var out []string
	start := -1
	for i, r := range s {
		if r == ' ' || r == '\n' || r == '\t' {
			if start >= 0 {
				out = append(out, s[start:i])
				start = -1
			}
			continue
		}
		if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		out = append(out, s[start:])
	}
	return out
}

var englishLexicon = lex(map[float64]string{
	3.4: `love loved loves lovely wonderful fantastic amazing brilliant masterpiece superb outstanding
		magnificent excellent perfect marvelous marvellous breathtaking extraordinary`,
	3.0: `great awesome beautiful gorgeous delightful joy joyful thrilled ecstatic adore adored
		best glorious heavenly triumph triumphant stunning`,
	2.5: `happy glad good nice enjoy enjoyed enjoying enjoyable fun funny hilarious charming pleasure
		pleasant sweet kind brave hope hopeful proud win won winner success successful hero heroic
		friend friends thank thanks grateful safe saved rescue rescued free freedom warm moving
		touching heartwarming smile smiled smiles laugh laughed laughing celebrate celebrated`,
	2.0: `like liked likes fine cool calm peace peaceful honest trust trusted fair gentle clever
		smart interesting entertaining fresh bright yes ok okay okey well better welcome comfort
		comfortable alive healthy lucky cute solid decent recommend recommended worth gift`,
	1.5: `care careful help helped helps helpful sure agree alright easy right ready true calmly`,
	-1.5: `odd weird slow strange problem problems wrong mistake confused confusing tired worried
		worry doubt lost miss missed missing late`,
	-2.0: `bad sad sorry boring bored dull mess messy cold afraid scared lonely alone ugly poor
		weak hurt pain painful angry upset difficult fail failed failure silly stupid dumb lie lies
		lied liar cry cried crying tears fear fearful anxious nervous trouble`,
	-2.5: `hate hated hates awful terrible horrible disgusting nasty cruel dead death die died dying
		kill killed killing murder murdered danger dangerous threat enemy evil wicked guilty
		disaster tragic tragedy broken betray betrayed betrayal grief grieve`,
	-3.0: `worst horrendous dreadful pathetic miserable hopeless devastating devastated
		unbearable atrocious abysmal garbage trash rubbish waste wasted`,
	-3.4: `abomination disgust catastrophe catastrophic horrific`,
})

// boosters move a following word's valence away from zero (positive) or towards it (negative).
var boosters = map[string]float64{
	"very": boostStep, "really": boostStep, "so": boostStep, "extremely": boostStep,
	"incredibly": boostStep, "absolutely": boostStep, "totally": boostStep, "completely": boostStep,
	"utterly": boostStep, "truly": boostStep, "deeply": boostStep, "highly": boostStep,
	"most": boostStep, "too": boostStep, "terribly": boostStep, "awfully": boostStep,
	"remarkably": boostStep, "especially": boostStep, "exceptionally": boostStep,
	"slightly": -boostStep, "somewhat": -boostStep, "barely": -boostStep, "hardly": -boostStep,
	"marginally": -boostStep, "kinda": -boostStep, "sort": -boostStep, "little": -boostStep,
	"partly": -boostStep, "occasionally": -boostStep,
}

var negations = map[string]bool{
	"not": true, "no": true, "never": true, "nothing": true, "nowhere": true, "none": true,
	"neither": true, "nor": true, "nobody": true, "without": true, "cannot": true, "cant": true,
	"dont": true, "doesnt": true, "didnt": true, "isnt": true, "wasnt": true, "wont": true,
	"aint": true, "rarely": true, "seldom": true,
}

var chineseLexicon = lex(map[float64]string{
	3.4:  `爱 热爱 完美 精彩 杰作 出色 非凡 绝妙 震撼`,
	3.0:  `喜欢 美丽 漂亮 幸福 快乐 开心 高兴 感动 温暖 优秀 棒 了不起 伟大 胜利 成功 希望`,
	2.5:  `好 不错 好看 有趣 可爱 善良 勇敢 朋友 谢谢 感谢 安全 自由 平安 笑 微笑 欢迎 骄傲 英雄 得救`,
	2.0:  `满意 舒服 轻松 平静 相信 信任 聪明 值得 推荐 健康 幸运 喜悦`,
	1.5:  `帮助 帮忙 同意 愿意 可以 对 准备`,
	-1.5: `奇怪 问题 错误 累 担心 怀疑 迷路 无聊 慢`,
	-2.0: `坏 难过 伤心 对不起 害怕 孤独 丑 弱 痛 生气 愤怒 困难 失败 愚蠢 谎言 撒谎 哭 眼泪 恐惧 紧张 麻烦 冷`,
	-2.5: `恨 讨厌 可怕 糟糕 恶心 残忍 死 死亡 杀 谋杀 危险 威胁 敌人 邪恶 灾难 悲剧 背叛 悲伤 痛苦`,
	-3.0: `最差 绝望 可悲 垃圾 浪费 崩溃`,
})

var chineseBoosters = map[string]float64{
	"很": boostStep, "非常": boostStep, "太": boostStep, "特别": boostStep, "十分": boostStep,
	"极": boostStep, "极其": boostStep, "真": boostStep, "超": boostStep, "超级": boostStep,
	"最": boostStep, "挺": boostStep, "格外": boostStep, "相当": boostStep,
	"有点": -boostStep, "稍微": -boostStep, "略": -boostStep, "有些": -boostStep,
}

var chineseNegations = map[string]bool{
	"不": true, "没": true, "没有": true, "别": true, "未": true, "无": true, "非": true,
	"不是": true, "从不": true, "绝不": true, "并不": true, "不要": true,
}

var chineseButs = map[string]bool{"但是": true, "可是": true, "不过": true, "但": true, "然而": true}
