module aa.reel/earlyinit

go 1.25.0
