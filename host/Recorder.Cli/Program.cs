return Recorder.Cli.RecorderCommandLine.Run(args);
