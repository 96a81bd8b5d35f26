global using Recorder.Contracts.Events;
global using Recorder.Plugins.Collectors.WindowsEventLog.Mapping;
global using Recorder.Tests.Shared;
global using Recorder.Windows.EventLog;
global using Recorder.Windows.EventLog.Evtx;
