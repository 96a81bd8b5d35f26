global using Recorder.Contracts;
