global using Recorder.Tests.Shared;
global using Recorder.Windows.EventLog;
global using Recorder.Windows.EventLog.Evtx;
