package main

import "context"

func runIngest(ctx context.Context, e env, args []string) int     { return 0 }
func runQuarantine(ctx context.Context, e env, args []string) int { return 0 }
func runReindex(ctx context.Context, e env, args []string) int    { return 0 }
func runRetag(ctx context.Context, e env, args []string) int      { return 0 }
