package sentiment

import (
	"fmt"
	"strings"
)

// The Chinese lexicon is Reel's own, written for film dialogue, reviews and plots: valences on
// VADER's scale (-4 to +4), chosen by hand. English uses VADER's lexicon (english.go) with
// Reel's film words over it (film.go).

func lex(groups map[float64]string) map[string]float64 {
	m := map[string]float64{}
	for v, words := range groups {
		for _, w := range strings.Fields(words) {
			if old, dup := m[w]; dup {
				// A word in two groups would get either valence, by map order: a bug
				// every test of the package catches at once.
				panic(fmt.Sprintf("sentiment: %q valenced twice (%v and %v)", w, old, v))
			}
			m[w] = v
		}
	}
	return m
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
